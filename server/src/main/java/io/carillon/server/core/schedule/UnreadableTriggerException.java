package io.carillon.server.core.schedule;

import io.carillon.server.common.CarillonException;
import org.quartz.Trigger;

/** A stored Quartz trigger of a shape Carillon never creates, so it has no {@link Schedule}. */
public class UnreadableTriggerException extends CarillonException {
  private static final long serialVersionUID = 1L;

  UnreadableTriggerException(Trigger trigger, String reason) {
    super("trigger " + trigger.getKey() + " cannot be read as a schedule: " + reason);
  }
}
