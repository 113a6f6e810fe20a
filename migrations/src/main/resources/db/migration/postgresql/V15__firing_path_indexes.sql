-- PostgreSQL only: Quartz's DDL gives qrtz_triggers twelve secondary indexes and
-- qrtz_fired_triggers six. A trigger changes state (and with it an indexed column) several times per
-- fire, so none of its updates is a HOT update and each writes a new entry into every index. These
-- are the ones no statement needs: each is a prefix or a reordering of an index kept here, or serves
-- a rare management query (triggers of a calendar, fired rows of a group) that a scan of the table
-- answers as well. Kept: the primary keys; triggers by job (idx_qrtz_t_j), by group
-- (idx_qrtz_t_g) and by state and next fire time (idx_qrtz_t_nft_st: acquisition, misfires, every
-- "triggers in state" query); fired rows by instance, by job and by trigger.
-- H2 keeps Quartz's full set: it runs the stock store.
DROP INDEX IF EXISTS idx_qrtz_t_jg;
DROP INDEX IF EXISTS idx_qrtz_t_c;
DROP INDEX IF EXISTS idx_qrtz_t_state;
DROP INDEX IF EXISTS idx_qrtz_t_n_state;
DROP INDEX IF EXISTS idx_qrtz_t_n_g_state;
DROP INDEX IF EXISTS idx_qrtz_t_next_fire_time;
DROP INDEX IF EXISTS idx_qrtz_t_nft_misfire;
DROP INDEX IF EXISTS idx_qrtz_t_nft_st_misfire;
DROP INDEX IF EXISTS idx_qrtz_t_nft_st_misfire_grp;
DROP INDEX IF EXISTS idx_qrtz_ft_inst_job_req_rcvry;
DROP INDEX IF EXISTS idx_qrtz_ft_jg;
DROP INDEX IF EXISTS idx_qrtz_ft_tg;
