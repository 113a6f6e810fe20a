package io.carillon.server.health;

import io.carillon.server.common.NodeState;
import io.carillon.server.core.ThisNode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Makes the load balancer's readiness ({@code /health-check?type=ready}) answer 503 the moment this
 * node goes into standby or starts draining. Dropwizard's responder reports the health checks' last
 * scheduled results, up to one check interval old; a draining node must leave the rotation at once,
 * not a few seconds later. The {@code scheduler} health check says why in {@code /healthcheck}.
 */
public final class DrainReadiness implements Filter {
  private final ThisNode node;

  public DrainReadiness(ThisNode node) {
    this.node = node;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String type = request.getParameter("type");
    boolean readiness = type == null || type.equalsIgnoreCase("ready");
    if (readiness
        && node.state() != NodeState.RUNNING
        && response instanceof HttpServletResponse http) {
      http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      http.setContentType("application/json");
      http.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
      http.getWriter()
          .write("{\"node\":\"" + node.id() + "\",\"state\":\"" + node.state().json() + "\"}");
      return;
    }
    chain.doFilter(request, response);
  }
}
