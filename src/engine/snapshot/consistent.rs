//! The consistent start of a snapshot: the sessions, the locks `snapshot.locking.mode`
//! asks for, the workers' transactions on one snapshot and its binlog position (the
//! approach is described in the parent module's docs).
//!
//! Owns the SQL of that phase (`START TRANSACTION WITH CONSISTENT SNAPSHOT`,
//! `SHOW STATUS LIKE 'binlog_snapshot_%'`, `FLUSH TABLES WITH READ LOCK`,
//! `BACKUP STAGE BLOCK_DDL`, `SHOW MASTER STATUS`). It must not read schemas or rows.

use std::time::Duration;

use crate::engine::EngineError;
use crate::engine::config::{SnapshotLockingMode, SnapshotSettings};
use crate::replication::Connection;

/// Runs a statement, ignoring its result.
pub(super) async fn exec(conn: &mut Connection, sql: &str) -> Result<(), EngineError> {
    conn.execute(sql).await.map_err(EngineError::from)
}

/// The session every snapshot reader uses: REPEATABLE READ, values as a row image has
/// them (UTC timestamps, column charsets), and Connector/J's patience with a slow
/// reader of a streamed result (`netTimeoutForStreamingResults`=600); the last three
/// only on connections that read rows (`reads_rows`).
pub(super) async fn prepare_session(
    conn: &mut Connection,
    settings: &SnapshotSettings,
    reads_rows: bool,
) -> Result<(), EngineError> {
    exec(
        conn,
        "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
    )
    .await?;
    exec(
        conn,
        &format!(
            "SET SESSION lock_wait_timeout={}",
            settings.lock_timeout.as_secs().max(1)
        ),
    )
    .await?;
    // Not every server has it (Debezium only warns either).
    let _ = conn
        .execute(&format!(
            "SET SESSION innodb_lock_wait_timeout={}",
            settings.lock_timeout.as_secs().max(1)
        ))
        .await;
    if reads_rows {
        exec(conn, "SET SESSION time_zone='+00:00'").await?;
        exec(conn, "SET SESSION character_set_results=NULL").await?;
        exec(conn, "SET SESSION net_write_timeout=600").await?;
    }
    Ok(())
}

/// MariaDB's `binlog_snapshot_file`/`binlog_snapshot_position` of the open
/// consistent-snapshot transaction.
pub(super) async fn mariadb_snapshot_position(
    conn: &mut Connection,
) -> Result<(String, u64), EngineError> {
    let rows = conn
        .query("SHOW STATUS LIKE 'binlog_snapshot_%'")
        .await
        .map_err(EngineError::from)?;
    let mut file = None;
    let mut pos = None;
    for row in rows {
        match (
            row.first().cloned().flatten(),
            row.get(1).cloned().flatten(),
        ) {
            (Some(name), Some(value)) if name.eq_ignore_ascii_case("binlog_snapshot_file") => {
                file = Some(value)
            }
            (Some(name), Some(value)) if name.eq_ignore_ascii_case("binlog_snapshot_position") => {
                pos = value.trim().parse::<u64>().ok()
            }
            _ => {}
        }
    }
    match (file, pos) {
        (Some(file), Some(pos)) if !file.is_empty() => Ok((file, pos)),
        _ => Err(EngineError::ServerSetup(
            "SHOW STATUS LIKE 'binlog_snapshot_%' gave no position: is the binary log on?".into(),
        )),
    }
}

pub(super) async fn master_position(conn: &mut Connection) -> Result<(String, u64), EngineError> {
    let position = conn.binlog_position().await?.ok_or_else(|| {
        EngineError::ServerSetup(
            "SHOW MASTER STATUS returned nothing: is the binary log on?".into(),
        )
    })?;
    Ok((position.file, position.pos))
}

pub(super) async fn global_lock(conn: &mut Connection) -> Result<(), EngineError> {
    conn.execute("FLUSH TABLES WITH READ LOCK")
        .await
        .map_err(|e| {
            EngineError::ServerSetup(format!(
                "FLUSH TABLES WITH READ LOCK failed ({e}): the snapshot needs the RELOAD privilege \
             for snapshot.locking.mode=minimal/extended on this server; grant it or set \
             snapshot.locking.mode=none (safe only without concurrent schema changes)"
            ))
        })
}

/// The locks the main connection holds after [`start_consistent`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Locks {
    /// `FLUSH TABLES WITH READ LOCK` (released by `UNLOCK TABLES`).
    pub(super) global: bool,
    /// MariaDB `BACKUP STAGE BLOCK_DDL` (released by `BACKUP STAGE END`): DDL waits,
    /// writes do not.
    pub(super) ddl: bool,
}

/// MariaDB 10.4.1+: blocks DDL (not DML) while the position and the schemas are
/// read, so that `SHOW CREATE TABLE` gives the schemas in force at the position.
/// Without the RELOAD privilege (or on an older server) the snapshot goes on without
/// it, with a warning.
pub(super) async fn block_ddl(main: &mut Connection) -> bool {
    let result = match main.execute("BACKUP STAGE START").await {
        Ok(()) => match main.execute("BACKUP STAGE BLOCK_DDL").await {
            Ok(()) => return true,
            Err(e) => {
                let _ = main.execute("BACKUP STAGE END").await;
                e
            }
        },
        Err(e) => e,
    };
    tracing::warn!(
        error = %result,
        "cannot block DDL during the snapshot's schema read (BACKUP STAGE BLOCK_DDL needs \
         the RELOAD privilege and MariaDB 10.4.1+); a DDL statement committed meanwhile \
         would make the schemas read newer than the snapshot position"
    );
    false
}

/// Opens the workers' transactions on one snapshot and returns its position.
pub(super) async fn start_consistent(
    main: &mut Connection,
    workers: &mut [Connection],
    settings: &SnapshotSettings,
) -> Result<(String, u64, Locks), EngineError> {
    let mariadb = main.is_mariadb();
    let locking = settings.locking_mode;
    let lock_now = !mariadb && locking != SnapshotLockingMode::None
        || locking == SnapshotLockingMode::Extended;
    let mut locked = false;
    let mut ddl = false;
    if lock_now {
        global_lock(main).await?;
        locked = true;
    } else if mariadb && locking == SnapshotLockingMode::Minimal {
        ddl = block_ddl(main).await;
    }
    if mariadb {
        let mut attempt: u64 = 0;
        loop {
            let mut positions = Vec::with_capacity(workers.len());
            for worker in workers.iter_mut() {
                exec(worker, "START TRANSACTION WITH CONSISTENT SNAPSHOT").await?;
                positions.push(mariadb_snapshot_position(worker).await?);
            }
            let first = positions.first().cloned();
            if let Some(first) = first
                && positions.iter().all(|p| *p == first)
            {
                return Ok((
                    first.0,
                    first.1,
                    Locks {
                        global: locked,
                        ddl,
                    },
                ));
            }
            for worker in workers.iter_mut() {
                exec(worker, "ROLLBACK").await?;
            }
            if attempt >= 20 && !locked {
                if locking == SnapshotLockingMode::None {
                    return Err(EngineError::ServerSetup(
                        "the snapshot workers could not open transactions on one snapshot \
                         (writes committed between them 20 times) and \
                         snapshot.locking.mode=none forbids a lock: set snapshot.max.threads=1 \
                         or snapshot.locking.mode=minimal"
                            .into(),
                    ));
                }
                if ddl {
                    exec(main, "BACKUP STAGE END").await?;
                    ddl = false;
                }
                global_lock(main).await?;
                locked = true;
            }
            attempt += 1;
            tokio::time::sleep(Duration::from_millis(5 * attempt.min(20))).await;
        }
    }
    for worker in workers.iter_mut() {
        exec(worker, "START TRANSACTION WITH CONSISTENT SNAPSHOT").await?;
    }
    let (file, pos) = master_position(main).await?;
    Ok((
        file,
        pos,
        Locks {
            global: locked,
            ddl,
        },
    ))
}
