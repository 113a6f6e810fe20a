# Carillon server image. Build: docker build -t carillon .
# Run (PostgreSQL): docker run -e DATABASE_URL=jdbc:postgresql://db:5432/carillon \
#   -e DATABASE_USER=carillon -e DATABASE_PASSWORD=... -p 8080:8080 carillon

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# POMs first: the dependency layer is rebuilt only when a POM changes, not on every source edit.
COPY pom.xml ./
COPY jobs/pom.xml jobs/
COPY migrations/pom.xml migrations/
COPY server/pom.xml server/
COPY examples/greeting-job/pom.xml examples/greeting-job/
COPY bench/pom.xml bench/
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=io.carillon
COPY jobs/src jobs/src
COPY migrations/src migrations/src
COPY server/src server/src
RUN mvn -B -q -pl server -am package -DskipTests

FROM eclipse-temurin:17-jre-noble
# UID 1000 is taken by the image's "ubuntu" user; the service gets its own.
RUN groupadd --system --gid 10001 carillon \
 && useradd --system --uid 10001 --gid carillon --home-dir /opt/carillon --shell /usr/sbin/nologin carillon \
 && mkdir -p /opt/carillon/data /opt/carillon/plugins \
 && chown -R carillon:carillon /opt/carillon
WORKDIR /opt/carillon
COPY --from=build /src/server/target/carillon.jar carillon.jar
COPY config.yml config.yml
# The command-line client: docker exec CONTAINER carillon status (with CARILLON_KEY set).
COPY bin/carillon /usr/local/bin/carillon
USER 10001

# 8080: API and dashboard (behind the load balancer). 8081: admin (health, metrics, tasks) has no
# authentication: publish it to the cluster network for probes and scraping, never to the internet.
ENV ADMIN_BIND_HOST=0.0.0.0
EXPOSE 8080 8081
# Alive, not ready and not the admin /healthcheck: those include the database and the cluster's
# canary, and a cluster-wide problem must not mark every replica unhealthy at once.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT:-8080}/health-check?type=alive" >/dev/null || exit 1

# Exec form, so SIGTERM reaches the JVM and Carillon stops gracefully. Heap follows the container limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/carillon/carillon.jar"]
CMD ["server", "/opt/carillon/config.yml"]
