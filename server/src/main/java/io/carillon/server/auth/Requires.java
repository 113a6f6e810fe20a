package io.carillon.server.auth;

import io.carillon.server.common.Role;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role that may call a resource method (or every method of a resource class). A method
 * without it is refused to every caller: access is never open by omission.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requires {
  Role value();
}
