package io.carillon.server.core.schedule;

import java.util.TimeZone;
import org.quartz.DateBuilder.IntervalUnit;
import org.quartz.impl.jdbcjobstore.CalendarIntervalTriggerPersistenceDelegate;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerProperties;
import org.quartz.spi.OperableTrigger;

/**
 * Lets the JDBC job store keep a {@link CalendarTrueIntervalTrigger} as a readable row (type
 * {@value #TYPE} in {@code QRTZ_TRIGGERS}, interval and unit in {@code QRTZ_SIMPROP_TRIGGERS},
 * exactly as Quartz keeps its own calendar-interval triggers) and load it back as the same class.
 * Registered with {@link #DRIVER_DELEGATE_INIT_STRING}; without it the store falls back to a
 * Java-serialized BLOB, which still works but is opaque to SQL.
 */
public class CalendarTrueTriggerPersistenceDelegate
    extends CalendarIntervalTriggerPersistenceDelegate {
  /** {@code QRTZ_TRIGGERS.TRIGGER_TYPE} is {@code VARCHAR(8)}. */
  public static final String TYPE = "CAL_TRUE";

  /**
   * The value for {@code org.quartz.jobStore.driverDelegateInitString}: this delegate and {@link
   * JitteredCronPersistenceDelegate}.
   */
  public static final String DRIVER_DELEGATE_INIT_STRING =
      "triggerPersistenceDelegateClasses=io.carillon.server.core.schedule"
          + ".CalendarTrueTriggerPersistenceDelegate,io.carillon.server.core.schedule"
          + ".JitteredCronPersistenceDelegate";

  @Override
  public boolean canHandleTriggerType(OperableTrigger trigger) {
    return trigger instanceof CalendarTrueIntervalTrigger;
  }

  @Override
  public String getHandledTriggerTypeDiscriminator() {
    return TYPE;
  }

  @Override
  protected TriggerPropertyBundle getTriggerPropertyBundle(
      SimplePropertiesTriggerProperties props) {
    // Quartz's bundle would rebuild its own drifting class; keep its state, swap the builder.
    TriggerPropertyBundle quartz = super.getTriggerPropertyBundle(props);
    String zone = props.getString2();
    return new TriggerPropertyBundle(
        new CalendarTrueIntervalTrigger.Builder(
            props.getInt1(),
            IntervalUnit.valueOf(props.getString1()),
            zone == null || zone.isBlank()
                ? TimeZone.getTimeZone("UTC")
                : TimeZone.getTimeZone(zone),
            // The store sets the stored misfire instruction on the trigger after building it.
            OperableTrigger.MISFIRE_INSTRUCTION_SMART_POLICY),
        quartz.getStatePropertyNames(),
        quartz.getStatePropertyValues());
  }
}
