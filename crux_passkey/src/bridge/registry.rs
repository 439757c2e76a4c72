//! The requests handed to the shell and not yet answered, by id.

use std::collections::HashMap;

use crux_core::App;

use super::Pending;

pub struct Registry<A: App> {
    open: HashMap<u32, Pending<A>>,
    next_id: u32,
}

impl<A: App> Default for Registry<A> {
    fn default() -> Self {
        Self {
            open: HashMap::new(),
            next_id: 0,
        }
    }
}

impl<A: App> Registry<A> {
    /// An id for a request, remembered when it waits for an answer. Ids only ascend (skipping
    /// ones still open after wrapping), so a stale id can never hit a newer request.
    pub fn issue(&mut self, pending: Option<Pending<A>>) -> u32 {
        let id = loop {
            let id = self.next_id;
            self.next_id = self.next_id.wrapping_add(1);
            if !self.open.contains_key(&id) {
                break id;
            }
        };
        if let Some(pending) = pending {
            self.open.insert(id, pending);
        }
        id
    }

    pub fn get_mut(&mut self, id: u32) -> Option<&mut Pending<A>> {
        self.open.get_mut(&id)
    }

    pub fn remove(&mut self, id: u32) {
        self.open.remove(&id);
    }
}
