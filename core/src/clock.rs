//! Where "now" comes from: the system clock in production, a clock a test
//! sets (and moves) everywhere else that needs a fixed "now".

use std::sync::{Arc, Mutex};

use crate::time::{SignedDuration, Timestamp};

#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<Timestamp>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock standing at `at` until moved.
    pub fn fixed(at: Timestamp) -> Self {
        Self(Some(Arc::new(Mutex::new(at))))
    }

    pub fn now(&self) -> Timestamp {
        match &self.0 {
            None => Timestamp::now(),
            Some(at) => *at.lock().expect("clock lock"),
        }
    }

    /// Moves a fixed clock (a system clock cannot be moved).
    pub fn advance(&self, by: SignedDuration) {
        if let Some(at) = &self.0 {
            let mut at = at.lock().expect("clock lock");
            *at = at.checked_add(by).expect("a clock within jiff's range");
        }
    }
}
