package io.carillon.server.api;

import io.carillon.server.core.schedule.FireTime;
import java.util.List;

/** The next fire times of a schedule, each as an instant and in the schedule's own zone. */
public record PreviewView(List<FireTime> fireTimes) {}
