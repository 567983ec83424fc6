//! Async sync primitives (mutex, rwlock, semaphore, condvar, channel) over one shared FIFO waiter list.
