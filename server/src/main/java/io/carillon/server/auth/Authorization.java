package io.carillon.server.auth;

import io.carillon.server.common.Caller;
import io.carillon.server.common.Role;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * Gives every resource method a role check from its {@link Requires}. A method without one gets a
 * check that refuses everyone, so a forgotten annotation closes an endpoint instead of opening it.
 */
public final class Authorization implements DynamicFeature {
  private final Set<Class<?>> publicResources;

  /** {@code publicResources}: classes served without authentication (the OpenAPI document). */
  public Authorization(Set<Class<?>> publicResources) {
    this.publicResources = Set.copyOf(publicResources);
  }

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    if (publicResources.contains(resource.getResourceClass())) {
      return;
    }
    context.register(new RoleCheck(required(resource)));
  }

  /** The method's rule, else its class's, else null (nobody). */
  public static Role required(ResourceInfo resource) {
    return required(resource.getResourceClass(), resource.getResourceMethod());
  }

  public static Role required(Class<?> type, Method method) {
    Requires rule = method.getAnnotation(Requires.class);
    if (rule == null) {
      rule = type.getAnnotation(Requires.class);
    }
    return rule == null ? null : rule.value();
  }

  @Priority(Priorities.AUTHORIZATION)
  private static final class RoleCheck implements ContainerRequestFilter {
    private final Role required;

    RoleCheck(Role required) {
      this.required = required;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      if (!(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)) {
        request.abortWith(Problems.unauthorized("an API key is required"));
        return;
      }
      if (required == null) {
        request.abortWith(Problems.forbidden("no access rule is declared for this endpoint"));
      } else if (!caller.role().includes(required)) {
        request.abortWith(
            Problems.forbidden(
                "this needs the "
                    + required.wireName()
                    + " role; the key '"
                    + caller.name()
                    + "' has "
                    + caller.role().wireName()));
      }
    }
  }
}
