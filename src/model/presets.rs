//! The presets gallery: scenarios that each teach one lesson, in English and Simplified Chinese.
//!
//! Each scenario lives in `presets/<id>.txt` in canonical form (the test suite checks that
//! printing the parsed file gives the file back), so its share link is stable. Every preset
//! states its lesson in `expect` lines, and its timings are round numbers that can be worked
//! out by hand. The first preset is the source tutorial's own example and the app's default.
//!
//! Every `expect` passes except two, on purpose: in `lost-update`, `expect counter == 2`
//! fails because the counter ends at 1, and in `threads-race` `expect x == 80000` fails
//! because updates are lost; those failed checks are the lesson.

/// One scenario of the gallery, with its words in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Kebab-case, stable: used in the command line and in the gallery's address.
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_zh: &'static str,
    /// Two sentences: what happens and why.
    pub explain_en: &'static str,
    pub explain_zh: &'static str,
    /// One line: what to take away.
    pub lesson_en: &'static str,
    pub lesson_zh: &'static str,
    /// The scenario text, in canonical form.
    pub source: &'static str,
}

/// Every preset, in gallery order; the first is the app's default.
pub fn presets() -> &'static [Preset] {
    PRESETS
}

/// The preset with this id, if any.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}

/// The preset the app opens on: the tutorial's own example.
pub fn default_preset() -> &'static Preset {
    &PRESETS[0]
}

const PRESETS: &[Preset] = &[
    Preset {
        id: "gather-vs-threads",
        title_en: "Coroutines vs threads (the tutorial's example)",
        title_zh: "异步任务与线程（教程示例）",
        explain_en: "Two async tasks sleep 1 s each on one event loop, and two threads sleep 1 s each. Both groups finish at 1 s: awaiting tasks overlap on the loop, blocked threads overlap on their own threads.",
        explain_zh: "两个异步任务在同一个事件循环上各等待 1 秒，两个并发任务在两个线程上也各睡眠 1 秒。两组都在 1 秒时结束：等待中的异步任务在事件循环上重叠，阻塞的线程在各自的线程上重叠。",
        lesson_en: "Waiting overlaps both ways: async tasks on one loop, threads on many.",
        lesson_zh: "等待都可以重叠：异步任务靠一个事件循环，线程靠多个线程。",
        source: include_str!("presets/gather-vs-threads.txt"),
    },
    Preset {
        id: "blocking-the-loop",
        title_en: "Compute blocks the event loop",
        title_zh: "计算会阻塞事件循环",
        explain_en: "Two async tasks each compute for 1 s on the one event loop. Compute never awaits, so the second task cannot start until the first is done, and the run takes 2 s.",
        explain_zh: "两个异步任务在同一个事件循环上各计算 1 秒。计算期间不会 await，所以第二个任务要等第一个做完才能开始，总共用时 2 秒。",
        lesson_en: "CPU work in async tasks adds up: the loop runs one task at a time.",
        lesson_zh: "异步任务里的 CPU 计算会累加：事件循环一次只运行一个任务。",
        source: include_str!("presets/blocking-the-loop.txt"),
    },
    Preset {
        id: "offload-to-pool",
        title_en: "Offload compute to the thread pool",
        title_zh: "把计算交给线程池",
        explain_en: "The async task hands the two 1 s computations to the thread pool as jobs and awaits them with gather. Two pool workers compute in parallel while the event loop stays free, so the run takes 1 s.",
        explain_zh: "异步任务把两个 1 秒的计算作为作业交给线程池，并用 gather 等待它们。线程池的两个工作线程并行计算，事件循环保持空闲，总共用时 1 秒。",
        lesson_en: "Send CPU work to a thread pool and await it: the loop stays responsive.",
        lesson_zh: "把 CPU 计算交给线程池再 await，事件循环就不会被阻塞。",
        source: include_str!("presets/offload-to-pool.txt"),
    },
    Preset {
        id: "callback-vs-await",
        title_en: "Callback vs await",
        title_zh: "回调函数与 await",
        explain_en: "The caller schedules a callback for 1 s later and goes on at once, ending at 0 s; the awaiter sleeps 1 s and then does the work itself. Both pieces of work happen at 1 s, driven by the same event loop's timers.",
        explain_zh: "caller 安排一个回调函数在 1 秒后运行，然后立刻继续，在 0 秒就结束；awaiter 先等待 1 秒，再自己完成工作。两份工作都在 1 秒时完成，由同一个事件循环的定时器驱动。",
        lesson_en: "A callback lets the caller go on; await makes the task itself wait.",
        lesson_zh: "回调函数让调用者继续执行；await 让任务自己等待。",
        source: include_str!("presets/callback-vs-await.txt"),
    },
    Preset {
        id: "thread-per-task",
        title_en: "A thread per task vs a thread pool",
        title_zh: "每个任务一个线程与线程池",
        explain_en: "Eight new threads each pay 5 ms to start before 1 ms of work, so they finish at 6 ms. Eight jobs on a pool of four ready threads pay no start-up and finish at 2 ms.",
        explain_zh: "八个新线程在做 1 毫秒的工作之前，每个都要花 5 毫秒启动，所以在 6 毫秒时才结束。线程池里四个现成的线程处理八个作业，没有启动开销，2 毫秒就完成了。",
        lesson_en: "For short tasks, reuse a thread pool instead of starting a thread each time.",
        lesson_zh: "短任务应复用线程池，而不是每次都新建线程。",
        source: include_str!("presets/thread-per-task.txt"),
    },
    Preset {
        id: "time-slicing",
        title_en: "More threads than cores",
        title_zh: "线程多于核心",
        explain_en: "Four threads each need 100 ms of CPU but there are only 2 cores, so they take turns in 10 ms time slices. All four make progress together, and the run takes 400 ms / 2 cores = 200 ms.",
        explain_zh: "四个线程各需 100 毫秒 CPU 时间，但只有 2 个核心，所以它们以 10 毫秒的时间片轮流运行。四个线程一起推进，总用时为 400 毫秒 ÷ 2 个核心 = 200 毫秒。",
        lesson_en: "Threads beyond the core count share the CPU by time slicing; they do not finish sooner.",
        lesson_zh: "线程数超过核心数时靠时间片轮流使用 CPU，并不会更快完成。",
        source: include_str!("presets/time-slicing.txt"),
    },
    Preset {
        id: "semaphore-downloads",
        title_en: "A semaphore limits downloads",
        title_zh: "用信号量限制下载数",
        explain_en: "Six async downloads share a semaphore with 2 permits, so at most two run at a time. They go in three waves of 1 s, and the run takes 3 s.",
        explain_zh: "六个异步下载任务共用一个有 2 个许可的信号量，所以最多同时运行两个。它们分三批、每批 1 秒，总共用时 3 秒。",
        lesson_en: "A semaphore caps how many tasks use a resource at once.",
        lesson_zh: "信号量限制同时使用某个资源的任务数量。",
        source: include_str!("presets/semaphore-downloads.txt"),
    },
    Preset {
        id: "lost-update",
        title_en: "Lost update",
        title_zh: "丢失更新",
        explain_en: "Two threads each work for 1 ms, then read the counter and write back their copy plus one. Here both read 0 before either writes, so the counter ends at 1 and the check counter == 2 fails; the schedule explorer also finds the lucky order that gives 2.",
        explain_zh: "两个线程各自先计算 1 毫秒，再读取计数器，并写回自己读到的值加一。这一次两个线程都在对方写入之前读到了 0，所以计数器最后是 1，counter == 2 的检查失败；调度探索器还能找到得到 2 的那种幸运顺序。",
        lesson_en: "Read-modify-write on shared memory without a lock loses updates.",
        lesson_zh: "不加锁地“读-改-写”共享内存会丢失更新。",
        source: include_str!("presets/lost-update.txt"),
    },
    Preset {
        id: "mutex-counter",
        title_en: "A mutex protects the counter",
        title_zh: "用互斥锁保护计数器",
        explain_en: "The same two threads now hold a mutex from the read to the write. The second thread waits for the first, so the counter ends at 2, at the cost of running one after the other (2 ms).",
        explain_zh: "同样的两个线程现在从读取到写入都持有一把互斥锁。第二个线程等待第一个完成，所以计数器最后是 2，代价是两个线程依次执行（2 毫秒）。",
        lesson_en: "A mutex makes read-modify-write safe by letting one thread in at a time.",
        lesson_zh: "互斥锁一次只放一个线程进入，让“读-改-写”变得安全。",
        source: include_str!("presets/mutex-counter.txt"),
    },
    Preset {
        id: "threads-race",
        title_en: "Threads race on real memory",
        title_zh: "线程在真实内存上竞争",
        explain_en: "Four threads each add 1 to x 20,000 times with a separate load and store, so an update made between another thread's load and store is lost. Live on a cross-origin isolated page the threads really overlap through shared memory and x ends below 80,000, a different value on every run.",
        explain_zh: "四个线程各自用分开的 load 和 store 把 x 加 1，共 20,000 次，在另一个线程的 load 和 store 之间写入的更新就会丢失。在跨源隔离的页面上真实运行时，线程通过共享内存真正重叠执行，x 最后低于 80,000，每次运行的值都不一样。",
        lesson_en: "A data race is real: threads on real cores lose updates to shared memory.",
        lesson_zh: "数据竞争是真实的：真实核心上的线程会丢失对共享内存的更新。",
        source: include_str!("presets/threads-race.txt"),
    },
    Preset {
        id: "threads-incr",
        title_en: "Atomic increments",
        title_zh: "原子递增",
        explain_en: "The same four threads use incr, one atomic read-modify-write (Atomics.add when live), 5,000 times each. No thread can write between another's read and write, so x ends at exactly 20,000.",
        explain_zh: "同样的四个线程各自执行 5,000 次 incr，这是一次原子的“读-改-写”（真实运行时是 Atomics.add）。没有线程能在别人的读和写之间写入，所以 x 最后正好是 20,000。",
        lesson_en: "An atomic operation makes a read-modify-write indivisible.",
        lesson_zh: "原子操作让“读-改-写”不可分割。",
        source: include_str!("presets/threads-incr.txt"),
    },
    Preset {
        id: "threads-mutex",
        title_en: "A mutex around the increment",
        title_zh: "用互斥锁保护递增",
        explain_en: "The four threads hold mutex m around a load and a store, 5,000 times each, so only one at a time touches x. x ends at exactly 20,000, and the waits for m show what the lock costs.",
        explain_zh: "四个线程在 load 和 store 外面持有互斥锁 m，各做 5,000 次，所以同一时刻只有一个线程访问 x。x 最后正好是 20,000，等待 m 的时间就是锁的代价。",
        lesson_en: "A lock makes a load and a store one step for every other thread.",
        lesson_zh: "锁让 load 和 store 对其他线程来说成为一步。",
        source: include_str!("presets/threads-mutex.txt"),
    },
    Preset {
        id: "readers-writers",
        title_en: "Readers and writers",
        title_zh: "读者与写者",
        explain_en: "Three readers hold a read-write lock together; a writer arriving at 50 ms waits for all of them, and a reader arriving at 60 ms queues behind the writer. Reads share, writes are exclusive, and a waiting writer goes first: 300 ms in all.",
        explain_zh: "三个读者同时持有一把读写锁；50 毫秒到达的写者要等所有读者释放，60 毫秒到达的读者排在写者后面。读可以共享，写是独占的，等待中的写者优先：共 300 毫秒。",
        lesson_en: "A read-write lock lets readers share while a writer gets exclusive access.",
        lesson_zh: "读写锁让读者共享访问，写者独占访问。",
        source: include_str!("presets/readers-writers.txt"),
    },
    Preset {
        id: "condvar-handoff",
        title_en: "Condition variable hand-off",
        title_zh: "条件变量交接",
        explain_en: "The waiter locks the mutex and waits on the condition variable, which releases the mutex while it waits. At 100 ms the setter sets the flag under the mutex and notifies; the waiter wakes, re-takes the mutex and finds the flag set.",
        explain_zh: "waiter 锁住互斥锁后在条件变量上等待，等待期间互斥锁被释放。100 毫秒时 setter 在互斥锁保护下设置标志并发出通知；waiter 被唤醒，重新获得互斥锁，看到标志已设置。",
        lesson_en: "Wait on a condition variable with its mutex held; notify after changing the shared state.",
        lesson_zh: "持有互斥锁时在条件变量上等待；修改共享状态之后再通知。",
        source: include_str!("presets/condvar-handoff.txt"),
    },
    Preset {
        id: "bounded-channel",
        title_en: "Producer and consumer on a bounded channel",
        title_zh: "有界通道上的生产者与消费者",
        explain_en: "The producer sends five items into a channel that holds two; when it is full, the producer blocks until the consumer takes one. The slow consumer sets the pace: one item per 100 ms, 500 ms in all.",
        explain_zh: "生产者向一个只能容纳两项的通道发送五项数据；通道满了，生产者就阻塞，直到消费者取走一项。处理较慢的消费者决定了节奏：每 100 毫秒一项，共 500 毫秒。",
        lesson_en: "A bounded channel applies back-pressure: a fast producer waits for a slow consumer.",
        lesson_zh: "有界通道提供背压：快的生产者会等待慢的消费者。",
        source: include_str!("presets/bounded-channel.txt"),
    },
    Preset {
        id: "dining-philosophers",
        title_en: "Dining philosophers: deadlock",
        title_zh: "哲学家就餐：死锁",
        explain_en: "Three philosophers each pick up their left fork, then reach for the right one, which a neighbour holds. Each waits for the next in a cycle, and nothing can ever move again: a deadlock.",
        explain_zh: "三位哲学家各自先拿起左边的叉子，再去拿右边的，而右边的叉子在邻居手里。每个人都在等下一个人，形成一个环，谁也无法继续：这就是死锁。",
        lesson_en: "Locks taken in a cyclic order can deadlock.",
        lesson_zh: "以形成环的顺序获取锁会导致死锁。",
        source: include_str!("presets/dining-philosophers.txt"),
    },
    Preset {
        id: "lock-ordering",
        title_en: "Dining philosophers: lock ordering",
        title_zh: "哲学家就餐：按顺序加锁",
        explain_en: "Every philosopher now picks up the lower-numbered fork first, so p3 takes fork1 before fork3. No wait-for cycle can form: they eat one after another and all finish by 50 ms.",
        explain_zh: "现在每位哲学家都先拿编号小的叉子，所以 p3 先拿 fork1 再拿 fork3。等待关系无法形成环：他们依次就餐，50 毫秒内全部完成。",
        lesson_en: "Take locks in one global order and deadlock cannot happen.",
        lesson_zh: "始终按同一个全局顺序加锁，就不会死锁。",
        source: include_str!("presets/lock-ordering.txt"),
    },
    Preset {
        id: "processes-vs-threads",
        title_en: "Processes pass messages, threads share memory",
        title_zh: "进程传递消息，线程共享内存",
        explain_en: "Two processes take 50 ms each to start, compute, and send their results through a channel to the collector. Two threads start at once and add to a shared variable directly; they finish at 100 ms, the processes at 150 ms.",
        explain_zh: "两个进程各花 50 毫秒启动，计算后通过通道把结果发给 collector。两个线程立即启动，直接累加共享变量；线程在 100 毫秒完成，进程在 150 毫秒完成。",
        lesson_en: "Processes are isolated and talk through channels; threads share memory and start faster.",
        lesson_zh: "进程彼此隔离、通过通道通信；线程共享内存，启动更快。",
        source: include_str!("presets/processes-vs-threads.txt"),
    },
    Preset {
        id: "priority",
        title_en: "Priority scheduling",
        title_zh: "优先级调度",
        explain_en: "Three async tasks are ready at once and the event loop uses the priority policy. high was declared last but runs first, so a low task is the last to finish and last == 1.",
        explain_zh: "三个异步任务同时就绪，事件循环采用优先级策略。high 最后声明却最先运行，所以最后完成的是低优先级任务，last == 1。",
        lesson_en: "Under the priority policy the loop runs the highest-priority ready task first.",
        lesson_zh: "在优先级策略下，事件循环先运行优先级最高的就绪任务。",
        source: include_str!("presets/priority.txt"),
    },
    Preset {
        id: "gather-failure",
        title_en: "gather with a failing task",
        title_zh: "gather 中有任务失败",
        explain_en: "main gathers two tasks; broken fails at 0.5 s, so the gather fails and main fails with it at once. slow is not stopped: it keeps running and completes at 2 s.",
        explain_zh: "main 用 gather 等待两个任务；broken 在 0.5 秒失败，gather 随即失败，main 也跟着失败。slow 不会被停止：它继续运行，在 2 秒时完成。",
        lesson_en: "A failed gather does not cancel the others; cancel them yourself if you need to.",
        lesson_zh: "gather 失败不会取消其他任务；需要的话要自己取消。",
        source: include_str!("presets/gather-failure.txt"),
    },
    Preset {
        id: "timeout-cancel",
        title_en: "Timeout, cancel and recover",
        title_zh: "超时、取消与恢复",
        explain_en: "The client waits at most 1 s for a request that needs 3 s; the timeout fails the wait and the catch block takes over. It logs a fallback and cancels the request, so nothing is left running after 1 s.",
        explain_zh: "客户端最多等待 1 秒，而请求需要 3 秒；超时让等待失败，转由 catch 块处理。它记录改用缓存，并取消请求，所以 1 秒后不再有任务在运行。",
        lesson_en: "A timeout stops the waiting, cancel stops the work, catch recovers.",
        lesson_zh: "超时停止等待，取消停止工作，catch 负责恢复。",
        source: include_str!("presets/timeout-cancel.txt"),
    },
    Preset {
        id: "error-handling",
        title_en: "Error handling",
        title_zh: "错误处理",
        explain_en: "Both tasks call a service that fails after 100 ms. fragile has no handler and fails; careful catches the error, retries, and completes at 200 ms.",
        explain_zh: "两个任务都调用一个 100 毫秒后出错的服务。fragile 没有处理错误，任务失败；careful 捕获错误后重试，在 200 毫秒完成。",
        lesson_en: "Catch errors where you can recover; an unhandled error fails the task.",
        lesson_zh: "在能恢复的地方捕获错误；未处理的错误会让任务失败。",
        source: include_str!("presets/error-handling.txt"),
    },
    Preset {
        id: "latency",
        title_en: "Performance monitoring: latency",
        title_zh: "性能监控：延迟",
        explain_en: "Six requests arrive at once, each needing 100 ms of work, but the pool has only 2 workers. The metrics show the last two waiting 200 ms in the queue: latency is waiting plus working.",
        explain_zh: "六个请求同时到达，每个需要 100 毫秒处理，但线程池只有 2 个工作线程。指标显示最后两个请求在队列中等待了 200 毫秒：延迟等于等待时间加处理时间。",
        lesson_en: "Watch the queue wait, not just the work time: that is where latency hides.",
        lesson_zh: "关注排队等待时间，而不仅是处理时间：延迟常常藏在那里。",
        source: include_str!("presets/latency.txt"),
    },
];
