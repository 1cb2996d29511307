//! One lane per chat: a chat's messages are handled in order, different
//! chats side by side, and a chat that sends faster than it can be answered
//! only slows itself. Each lane holds at most [`LANE_CAPACITY`] waiting
//! messages; past that new ones are shed (the caller tells the person once),
//! so memory stays bounded however hard one chat floods. Intake never waits.

use std::{
    collections::HashMap,
    hash::Hash,
    pin::Pin,
    sync::{Arc, Mutex},
};

use tokio::{sync::mpsc, task::JoinSet};

/// Messages one chat may have waiting behind the one being handled.
pub(crate) const LANE_CAPACITY: usize = 8;

type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Why a message was not queued.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Shed {
    /// The first shed since the lane was last empty: worth telling the person.
    First,
    /// Already told.
    Again,
}

pub(crate) struct Lanes<K> {
    lanes: Arc<Mutex<HashMap<K, Lane>>>,
    running: Mutex<JoinSet<()>>,
}

struct Lane {
    tx: mpsc::Sender<Job>,
    told: bool,
}

impl<K: Clone + Eq + Hash + Send + 'static> Lanes<K> {
    pub(crate) fn new() -> Self {
        Self {
            lanes: Arc::default(),
            running: Mutex::new(JoinSet::new()),
        }
    }

    /// Queues `job` behind the chat's earlier ones; never waits.
    pub(crate) fn submit(&self, key: K, job: impl Future<Output = ()> + Send + 'static) -> Result<(), Shed> {
        let mut lanes = self.lanes.lock().expect("lanes lock");
        let job: Job = Box::pin(job);
        let job = match lanes.get_mut(&key) {
            Some(lane) => match lane.tx.try_send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::error::TrySendError::Full(_)) => {
                    let first = !std::mem::replace(&mut lane.told, true);
                    return Err(if first { Shed::First } else { Shed::Again });
                }
                // The lane's task has ended; a new one takes over below.
                Err(mpsc::error::TrySendError::Closed(job)) => job,
            },
            None => job,
        };
        let (tx, rx) = mpsc::channel(LANE_CAPACITY);
        tx.try_send(job).expect("a new lane has room");
        lanes.insert(key.clone(), Lane { tx, told: false });
        drop(lanes);
        let mut running = self.running.lock().expect("running lock");
        // Finished lane tasks are reaped as new ones start, so the set stays small.
        while running.try_join_next().is_some() {}
        running.spawn(drain(key, rx, self.lanes.clone()));
        Ok(())
    }

    /// How many chats have work queued or running.
    #[cfg(test)]
    pub(crate) fn busy(&self) -> usize {
        self.lanes.lock().expect("lanes lock").len()
    }

    /// Waits until every queued message has been handled (for shutdown).
    pub(crate) async fn drained(&self) {
        let mut running = std::mem::take(&mut *self.running.lock().expect("running lock"));
        while running.join_next().await.is_some() {}
    }
}

/// Runs a lane's jobs in order; removes the lane once it is empty, under the
/// map's lock so that no job submitted meanwhile is left behind.
async fn drain<K: Eq + Hash>(key: K, mut rx: mpsc::Receiver<Job>, lanes: Arc<Mutex<HashMap<K, Lane>>>) {
    loop {
        while let Ok(job) = rx.try_recv() {
            job.await;
        }
        let mut map = lanes.lock().expect("lanes lock");
        if rx.is_empty() {
            map.remove(&key);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{sync::atomic::AtomicUsize, time::Duration};

    use tokio::sync::Notify;

    use super::*;

    #[tokio::test]
    async fn a_chat_runs_in_order_and_a_flood_is_shed_without_waiting() {
        let lanes = Lanes::new();
        let gate = Arc::new(Notify::new());
        let order = Arc::new(Mutex::new(Vec::new()));
        let job = |n: usize| {
            let (gate, order) = (gate.clone(), order.clone());
            async move {
                if n == 0 {
                    gate.notified().await;
                }
                order.lock().unwrap().push(n);
            }
        };
        // The first job blocks; LANE_CAPACITY more fit behind it (the first
        // was taken off the queue), then the lane sheds.
        assert_eq!(lanes.submit("flood", job(0)), Ok(()));
        tokio::time::sleep(Duration::from_millis(20)).await;
        for n in 1..=LANE_CAPACITY {
            assert_eq!(lanes.submit("flood", job(n)), Ok(()));
        }
        assert_eq!(lanes.submit("flood", job(99)), Err(Shed::First));
        assert_eq!(lanes.submit("flood", job(99)), Err(Shed::Again));

        // Another chat is not held up by the flooded one.
        let other = Arc::new(AtomicUsize::new(0));
        let done = other.clone();
        lanes
            .submit("calm", async move {
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            })
            .unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(other.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(lanes.busy(), 1, "the calm lane is gone once empty");

        gate.notify_one();
        lanes.drained().await;
        assert_eq!(*order.lock().unwrap(), (0..=LANE_CAPACITY).collect::<Vec<_>>());
        assert_eq!(lanes.busy(), 0);
        // An emptied lane starts afresh, told nothing yet.
        assert_eq!(lanes.submit("flood", job(1)), Ok(()));
        lanes.drained().await;
    }
}
