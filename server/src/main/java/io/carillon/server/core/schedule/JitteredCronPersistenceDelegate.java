package io.carillon.server.core.schedule;

import java.util.TimeZone;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerPersistenceDelegateSupport;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerProperties;
import org.quartz.spi.OperableTrigger;

/**
 * Keeps a {@link JitteredCronTrigger} as a readable row: type {@value #TYPE} in {@code
 * QRTZ_TRIGGERS}, the expression, zone and offset in {@code QRTZ_SIMPROP_TRIGGERS}.
 */
public class JitteredCronPersistenceDelegate
    extends SimplePropertiesTriggerPersistenceDelegateSupport {
  /** {@code QRTZ_TRIGGERS.TRIGGER_TYPE} is {@code VARCHAR(8)}. */
  public static final String TYPE = "CRON_JIT";

  @Override
  public boolean canHandleTriggerType(OperableTrigger trigger) {
    return trigger instanceof JitteredCronTrigger;
  }

  @Override
  public String getHandledTriggerTypeDiscriminator() {
    return TYPE;
  }

  @Override
  protected SimplePropertiesTriggerProperties getTriggerProperties(OperableTrigger trigger) {
    JitteredCronTrigger cron = (JitteredCronTrigger) trigger;
    SimplePropertiesTriggerProperties props = new SimplePropertiesTriggerProperties();
    props.setString1(cron.getCronExpression());
    props.setString2(cron.getTimeZone().getID());
    props.setLong1(cron.offsetMillis());
    return props;
  }

  @Override
  protected TriggerPropertyBundle getTriggerPropertyBundle(
      SimplePropertiesTriggerProperties props) {
    String zone = props.getString2();
    return new TriggerPropertyBundle(
        new JitteredCronTrigger.Builder(
            props.getString1(),
            zone == null || zone.isBlank()
                ? TimeZone.getTimeZone("UTC")
                : TimeZone.getTimeZone(zone),
            props.getLong1(),
            // The store sets the stored misfire instruction on the trigger after building it.
            OperableTrigger.MISFIRE_INSTRUCTION_SMART_POLICY),
        new String[0],
        new Object[0]);
  }
}
