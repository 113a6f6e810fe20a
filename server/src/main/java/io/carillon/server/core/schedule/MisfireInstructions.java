package io.carillon.server.core.schedule;

import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronTrigger;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;

/**
 * The Quartz misfire instruction for each {@link MisfirePolicy} and trigger type, and back.
 *
 * <pre>
 * policy    | cron (CronTrigger)      | every PT../P1D/P1W       | at (SimpleTrigger,     | every P1M/P1Y
 *           |                         | (SimpleTrigger, forever) | repeat count 0)        | (CalendarIntervalTrigger)
 * ----------+-------------------------+--------------------------+------------------------+--------------------------
 * fire-now  | FIRE_ONCE_NOW (1)       | RESCHEDULE_NOW_WITH_     | FIRE_NOW (1)           | FIRE_ONCE_NOW (1)
 *           |                         | EXISTING_REPEAT_COUNT (2)|                        |
 * skip      | DO_NOTHING (2)          | RESCHEDULE_NEXT_WITH_    | RESCHEDULE_NEXT_WITH_  | DO_NOTHING (2)
 *           |                         | REMAINING_COUNT (4)      | REMAINING_COUNT (4)    |
 * catch-up  | IGNORE_MISFIRE_POLICY   | IGNORE_MISFIRE_POLICY    | IGNORE_MISFIRE_POLICY  | IGNORE_MISFIRE_POLICY
 *           | (-1)                    | (-1)                     | (-1)                   | (-1)
 * </pre>
 *
 * <p>Where Quartz has no exact equivalent:
 *
 * <ul>
 *   <li>fire-now on a fixed interval: SimpleTrigger cannot fire once and keep its phase. The
 *       instruction moves the trigger's start time to the moment of recovery, so a 15-minute job
 *       that ran at :00, :15, … runs at the recovery time and every 15 minutes from then on (and
 *       its schedule reads back with that new {@code startAt}).
 *   <li>skip on a one-shot {@code at}: its only fire time was missed, so it never runs; the trigger
 *       completes.
 *   <li>catch-up on a one-shot is the same as fire-now: there is one missed time to run.
 * </ul>
 *
 * Cron and calendar-interval triggers keep their phase under every policy. Quartz only calls a time
 * missed once it is older than {@code org.quartz.jobStore.misfireThreshold}.
 */
final class MisfireInstructions {
  private MisfireInstructions() {}

  static int forCron(MisfirePolicy policy) {
    return switch (policy) {
      case FIRE_NOW -> CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
      case SKIP -> CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING;
      case CATCH_UP -> Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY;
    };
  }

  static int forRepeatingSimple(MisfirePolicy policy) {
    return switch (policy) {
      case FIRE_NOW -> SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT;
      case SKIP -> SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT;
      case CATCH_UP -> Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY;
    };
  }

  static int forOneShot(MisfirePolicy policy) {
    return switch (policy) {
      case FIRE_NOW -> SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW;
      case SKIP -> SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT;
      case CATCH_UP -> Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY;
    };
  }

  static int forCalendarInterval(MisfirePolicy policy) {
    return switch (policy) {
      case FIRE_NOW -> CalendarIntervalTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
      case SKIP -> CalendarIntervalTrigger.MISFIRE_INSTRUCTION_DO_NOTHING;
      case CATCH_UP -> Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY;
    };
  }

  /** The policy a stored trigger was built with; also accepts Quartz's sibling instructions. */
  static MisfirePolicy of(Trigger trigger) {
    int instruction = trigger.getMisfireInstruction();
    if (instruction == Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY) {
      return MisfirePolicy.CATCH_UP;
    }
    if (trigger instanceof SimpleTrigger) {
      switch (instruction) {
        case SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW,
        SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT,
        SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT:
          return MisfirePolicy.FIRE_NOW;
        case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_EXISTING_COUNT,
        SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT:
          return MisfirePolicy.SKIP;
        default:
          throw unknown(trigger);
      }
    }
    if (trigger instanceof CronTrigger || trigger instanceof CalendarIntervalTrigger) {
      // Both types number FIRE_ONCE_NOW 1 and DO_NOTHING 2.
      switch (instruction) {
        case CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW:
          return MisfirePolicy.FIRE_NOW;
        case CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING:
          return MisfirePolicy.SKIP;
        default:
          throw unknown(trigger);
      }
    }
    throw unknown(trigger);
  }

  private static UnreadableTriggerException unknown(Trigger trigger) {
    return new UnreadableTriggerException(
        trigger,
        "misfire instruction " + trigger.getMisfireInstruction() + " is not one Carillon sets");
  }
}
