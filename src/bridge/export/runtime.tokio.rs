// ===== The machinery below starts the tasks above and prints the summary. =====

type Step = Result<(), String>;
type AsyncBody = fn(&'static World) -> Pin<Box<dyn Future<Output = Step> + Send>>;

enum Body {
    Async(AsyncBody),
    Blocking(fn(&'static World) -> Step),
}

static T0: OnceLock<Instant> = OnceLock::new();
static WORLD: OnceLock<World> = OnceLock::new();
static LOOP: OnceLock<tokio::runtime::Handle> = OnceLock::new();
static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
/// Notified whenever a task ends (joins wait on it).
static ENDED: Notify = Notify::const_new();
/// When something last happened, in µs (for the deadlock watchdog).
static LAST_PROGRESS: AtomicU64 = AtomicU64::new(0);
/// `after` timers not yet fired.
static PENDING_AFTERS: AtomicI64 = AtomicI64::new(0);

fn now_us() -> u64 {
    T0.get().expect("started").elapsed().as_micros() as u64
}

fn progress() {
    LAST_PROGRESS.store(now_us(), Relaxed);
}

/// CPU work: a busy loop on the clock. On the event loop it holds the loop, as `compute` does.
fn compute(micros: u64) {
    let end = Instant::now() + Duration::from_micros(micros);
    while Instant::now() < end {
        std::hint::spin_loop();
    }
    progress();
}

fn log(text: &str) {
    println!("{text}");
    progress();
}

fn fail(message: &str) -> Step {
    Err(message.to_string())
}

/// Runs a wait of the event loop's kind from a thread, blocking the thread.
fn blk<F: Future>(wait: F) -> F::Output {
    LOOP.get().expect("started").block_on(wait)
}

// --- locks, semaphores and condition variables over tokio's fair semaphore ---

async fn lock(mutex: &Semaphore) {
    mutex.acquire().await.expect("never closed").forget();
}

fn unlock(mutex: &Semaphore) {
    mutex.add_permits(1);
}

async fn acquire(semaphore: &Semaphore, n: u32) {
    semaphore.acquire_many(n).await.expect("never closed").forget();
}

fn release(semaphore: &Semaphore, n: u32) {
    semaphore.add_permits(n as usize);
}

/// A reader-writer lock is a semaphore of READERS permits: a reader takes one, a writer all.
/// The semaphore is fair, so a waiting writer goes before readers that come after it.
const READERS: u32 = 1 << 20;

#[derive(Default)]
struct Held(HashMap<&'static str, u32>);

async fn read(rw: &Semaphore, held: &mut Held, key: &'static str) {
    acquire(rw, 1).await;
    held.0.insert(key, 1);
}

async fn write(rw: &Semaphore, held: &mut Held, key: &'static str) {
    acquire(rw, READERS).await;
    held.0.insert(key, READERS);
}

fn unlock_rw(rw: &Semaphore, held: &mut Held, key: &'static str) {
    release(rw, held.0.remove(key).unwrap_or(0));
}

/// Lets go of the mutex, waits for a notify, and takes the mutex back.
async fn wait(cv: &Notify, mutex: &Semaphore) {
    let notified = cv.notified();
    tokio::pin!(notified);
    notified.as_mut().enable();
    unlock(mutex);
    notified.await;
    lock(mutex).await;
}

// --- channels: a queue of integers that senders and receivers wait on ---

struct Channel {
    name: &'static str,
    capacity: usize,
    queue: StdMutex<(VecDeque<i64>, bool)>,
    changed: Notify,
}

impl Channel {
    fn new(name: &'static str, capacity: usize) -> Self {
        Channel { name, capacity: capacity.max(1), queue: StdMutex::new((VecDeque::new(), false)), changed: Notify::new() }
    }

    async fn send(&self, value: i64) -> Step {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            {
                let mut q = self.queue.lock().expect("not poisoned");
                if q.1 {
                    return Err(format!("send on closed channel {}", self.name));
                }
                if q.0.len() < self.capacity {
                    q.0.push_back(value);
                    self.changed.notify_waiters();
                    return Ok(());
                }
            }
            changed.await;
        }
    }

    async fn recv(&self) -> Result<i64, String> {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            {
                let mut q = self.queue.lock().expect("not poisoned");
                if let Some(value) = q.0.pop_front() {
                    self.changed.notify_waiters();
                    return Ok(value);
                }
                if q.1 {
                    return Err(format!("recv on closed channel {}", self.name));
                }
            }
            changed.await;
        }
    }

    fn close(&self) -> Step {
        let mut q = self.queue.lock().expect("not poisoned");
        if q.1 {
            return Err(format!("channel {} is already closed", self.name));
        }
        q.1 = true;
        self.changed.notify_waiters();
        Ok(())
    }
}

// --- tasks: records, start, join, cancel ---

#[derive(Default)]
struct Ended {
    state: &'static str,
    start_us: Option<u64>,
    end_us: Option<u64>,
    error: Option<String>,
}

struct Record {
    name: String,
    kind: &'static str,
    body: Body,
    ended: StdMutex<Ended>,
    abort: StdMutex<Option<tokio::task::AbortHandle>>,
}

fn record(name: &str) -> &'static Record {
    RECORDS.get().expect("started").iter().find(|r| r.name == name).expect("a task of the scenario")
}

fn finish(rec: &Record, state: &'static str, error: Option<String>) {
    {
        let mut e = rec.ended.lock().expect("not poisoned");
        if e.end_us.is_some() {
            return;
        }
        (e.state, e.error, e.end_us) = (state, error, Some(now_us()));
    }
    progress();
    ENDED.notify_waiters();
}

fn finish_with(rec: &Record, result: Step) {
    match result {
        Ok(()) => finish(rec, "completed", None),
        Err(error) => finish(rec, "failed", Some(error)),
    }
}

fn start(rec: &'static Record) {
    {
        let mut e = rec.ended.lock().expect("not poisoned");
        if e.state != "not_started" {
            return;
        }
        (e.state, e.start_us) = ("running", Some(now_us()));
    }
    progress();
    let w = WORLD.get().expect("started");
    let rt = LOOP.get().expect("started");
    match rec.body {
        Body::Async(f) => {
            let task = rt.spawn(f(w));
            *rec.abort.lock().expect("not poisoned") = Some(task.abort_handle());
            rt.spawn(async move {
                match task.await {
                    Ok(result) => finish_with(rec, result),
                    Err(e) if e.is_cancelled() => finish(rec, "cancelled", None),
                    Err(_) => finish(rec, "failed", Some("panicked".into())),
                }
            });
        }
        Body::Blocking(f) => {
            let run = move || {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(w)));
                finish_with(rec, result.unwrap_or_else(|_| Err("panicked".into())));
            };
            if rec.kind == "job" {
                rt.spawn_blocking(run);
            } else {
                std::thread::spawn(run);
            }
        }
    }
}

fn spawn(names: &[&str]) {
    for name in names {
        start(record(name));
    }
}

/// Whether every task has ended; an error as soon as one of them failed or was cancelled.
fn all_ended(names: &[&str]) -> Result<bool, String> {
    let mut all = true;
    for name in names {
        let e = record(name).ended.lock().expect("not poisoned");
        match e.state {
            "failed" => return Err(format!("{name} failed: {}", e.error.clone().unwrap_or_default())),
            "cancelled" => return Err(format!("{name} was cancelled")),
            _ => all &= e.end_us.is_some(),
        }
    }
    Ok(all)
}

async fn join(names: &[&str]) -> Step {
    loop {
        let ended = ENDED.notified();
        tokio::pin!(ended);
        ended.as_mut().enable();
        if all_ended(names)? {
            return Ok(());
        }
        ended.await;
    }
}

async fn gather(names: &[&str]) -> Step {
    spawn(names);
    join(names).await
}

fn cancel(names: &[&str]) {
    for name in names {
        let rec = record(name);
        match rec.abort.lock().expect("not poisoned").as_ref() {
            Some(task) => task.abort(),
            None => eprintln!("{name} cannot be cancelled: Rust cannot stop a thread from outside"),
        }
    }
}

fn after(micros: u64, names: &'static [&'static str]) {
    PENDING_AFTERS.fetch_add(1, Relaxed);
    LOOP.get().expect("started").spawn(async move {
        tokio::time::sleep(Duration::from_micros(micros)).await;
        spawn(names);
        PENDING_AFTERS.fetch_sub(1, Relaxed);
    });
}

fn json(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn summary(deadlocked: bool) -> String {
    let records = RECORDS.get().expect("started");
    let mut tasks = Vec::new();
    let mut failed = false;
    let mut last_end = 0;
    for r in records {
        let e = r.ended.lock().expect("not poisoned");
        let state = if e.state == "running" { "blocked" } else { e.state };
        failed |= state == "failed";
        last_end = last_end.max(e.end_us.unwrap_or(0));
        let number = |v: Option<u64>| v.map_or("null".to_string(), |v| v.to_string());
        tasks.push(format!(
            "{{\"name\": {}, \"kind\": \"{}\", \"state\": \"{state}\", \"start_us\": {}, \"end_us\": {}, \"error\": {}}}",
            json(&r.name), r.kind, number(e.start_us), number(e.end_us), e.error.as_deref().map_or("null".to_string(), json)
        ));
    }
    let outcome = if deadlocked { "deadlock" } else if failed { "failed" } else { "completed" };
    let makespan = if deadlocked { now_us() } else { last_end };
    let vars: Vec<String> = vars(WORLD.get().expect("started")).iter().map(|(name, value)| format!("{}: {value}", json(name))).collect();
    format!(
        "{{\"scenario\": {}, \"outcome\": \"{outcome}\", \"makespan_us\": {makespan}, \"tasks\": [{}], \"vars\": {{{}}}}}",
        json(TITLE), tasks.join(", "), vars.join(", ")
    )
}

/// Starts the tasks, then watches: the run is over when nothing runs and nothing is due, and
/// deadlocked when tasks remain but nothing has happened for longer than any step takes.
async fn watch() -> bool {
    let mut last_start = 0;
    for (name, at) in STARTS {
        let rec = record(name);
        last_start = last_start.max(*at);
        if *at == 0 {
            start(rec);
        } else {
            let at = *at;
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_micros(at)).await;
                start(rec);
            });
        }
    }
    loop {
        tokio::time::sleep(Duration::from_millis(5)).await;
        let running = RECORDS.get().expect("started").iter().any(|r| r.ended.lock().expect("not poisoned").state == "running");
        if !running && PENDING_AFTERS.load(Relaxed) == 0 && now_us() > last_start {
            return false;
        }
        if running && now_us().saturating_sub(LAST_PROGRESS.load(Relaxed)) > QUIET_US {
            return true;
        }
    }
}

fn main() {
    T0.set(Instant::now()).ok();
    WORLD.set(world()).ok();
    RECORDS.set(records()).ok();
    // One thread runs the async tasks, as one event loop does; jobs share WORKERS threads.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(WORKERS)
        .build()
        .expect("a tokio runtime");
    LOOP.set(rt.handle().clone()).ok();
    let deadlocked = rt.block_on(watch());
    println!("{}", summary(deadlocked));
    // Threads stuck in a deadlock cannot be joined.
    std::process::exit(0);
}
