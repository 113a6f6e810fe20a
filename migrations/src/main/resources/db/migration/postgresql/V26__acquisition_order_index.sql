-- PostgreSQL only: acquisition and the misfire scan take triggers in state S "ORDER BY
-- next_fire_time, priority DESC LIMIT n". idx_qrtz_t_nft_st (sched_name, trigger_state,
-- next_fire_time) gives the first order only, so PostgreSQL sorts every trigger that shares the
-- earliest fire time before it can take n of them: in a burst of N one-shot jobs due at the same
-- instant each acquisition read and sorted all that were left, O(N) per batch. With priority in the
-- index the scan stops after the n rows it locks. It serves every query the old one served (same
-- leading columns), so the old one goes.
CREATE INDEX idx_qrtz_t_nft_st_prio
  ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC);
DROP INDEX IF EXISTS idx_qrtz_t_nft_st;
