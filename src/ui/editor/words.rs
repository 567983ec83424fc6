//! The editor's words for kinds of tasks, resources, steps and checks, in both languages.
//! Keywords of the language stay as written (they are what the text view shows); the
//! explanations around them are translated.

use crate::model::edit::{ExpectTag, ResClass, StepTag};
use crate::model::{EndState, TaskKind};
use crate::ui::i18n::Lang;

pub const TASK_KINDS: [TaskKind; 4] = [
    TaskKind::Async,
    TaskKind::Thread,
    TaskKind::Job,
    TaskKind::Process,
];

pub fn task_kind_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Async => "async",
        TaskKind::Thread => "thread",
        TaskKind::Job => "job",
        TaskKind::Process => "process",
    }
}

/// What a task kind means, short.
pub fn task_kind_label(kind: TaskKind, lang: Lang) -> &'static str {
    match kind {
        TaskKind::Async => lang.t("async task (event loop)", "异步任务（事件循环）"),
        TaskKind::Thread => lang.t("thread (its own)", "线程（独占）"),
        TaskKind::Job => lang.t("job (thread pool)", "线程池任务"),
        TaskKind::Process => lang.t("process (no shared memory)", "进程（不共享内存）"),
    }
}

pub fn res_class_label(class: ResClass, lang: Lang) -> &'static str {
    match class {
        ResClass::Mutex => lang.t("mutex", "互斥锁"),
        ResClass::RwLock => lang.t("reader-writer lock", "读写锁"),
        ResClass::Semaphore => lang.t("semaphore", "信号量"),
        ResClass::Channel => lang.t("channel", "通道"),
        ResClass::Condvar => lang.t("condition variable", "条件变量"),
        ResClass::Var => lang.t("variable", "变量"),
    }
}

/// The picker's groups, each with its steps.
pub fn step_groups(lang: Lang) -> [(&'static str, &'static [StepTag]); 8] {
    use StepTag::*;
    [
        (lang.t("time", "时间"), &[Compute, Sleep, Yield]),
        (lang.t("locks", "锁"), &[Lock, Unlock, Read, Write]),
        (lang.t("semaphores", "信号量"), &[Acquire, Release]),
        (
            lang.t("condition variables", "条件变量"),
            &[Wait, Notify, NotifyAll],
        ),
        (lang.t("channels", "通道"), &[Send, Recv, Close]),
        (
            lang.t("tasks", "任务"),
            &[Spawn, Join, Gather, Cancel, After],
        ),
        (lang.t("variables", "变量"), &[Load, Store, Incr]),
        (
            lang.t("blocks and markers", "代码块与标记"),
            &[Repeat, Timeout, Try, Log, Fail],
        ),
    ]
}

/// A step keyword's gloss for Chinese readers, shown beside the keyword in the pickers: the
/// keyword stays as the text view writes it, and the gloss says what it is.
pub fn step_gloss_zh(tag: StepTag) -> &'static str {
    use StepTag::*;
    match tag {
        Compute => "计算",
        Sleep => "休眠",
        Yield => "让出",
        Lock => "加锁",
        Unlock => "解锁",
        Read => "读锁",
        Write => "写锁",
        Acquire => "获取许可",
        Release => "归还许可",
        Wait => "等待通知",
        Notify => "通知一个",
        NotifyAll => "通知全部",
        Send => "发送",
        Recv => "接收",
        Close => "关闭通道",
        Spawn => "启动",
        Join => "等待结束",
        Gather => "启动并等待",
        Cancel => "取消",
        After => "定时回调",
        Load => "读取",
        Store => "写入",
        Incr => "原子加一",
        Fail => "失败",
        Log => "日志",
        Repeat => "重复",
        Timeout => "超时",
        Try => "捕获异常",
    }
}

/// A step's option text in a picker: the keyword, glossed for Chinese readers.
pub fn step_option_text(tag: StepTag, lang: Lang) -> String {
    match lang {
        Lang::En => tag.word().to_string(),
        Lang::Zh => format!("{} {}", tag.word(), step_gloss_zh(tag)),
    }
}

/// What a step does, in a few words (the picker's option text and the row's tooltip).
pub fn step_hint(tag: StepTag, lang: Lang) -> &'static str {
    use StepTag::*;
    match tag {
        Compute => lang.t(
            "use the CPU (blocks the event loop)",
            "占用 CPU（会阻塞事件循环）",
        ),
        Sleep => lang.t("wait for a timer", "等待定时器"),
        Yield => lang.t("let others run", "让出执行权"),
        Lock => lang.t("take a mutex", "获取互斥锁"),
        Unlock => lang.t("release a lock", "释放锁"),
        Read => lang.t("shared access to a rwlock", "读写锁的共享访问"),
        Write => lang.t("exclusive access to a rwlock", "读写锁的独占访问"),
        Acquire => lang.t("take permits", "获取许可"),
        Release => lang.t("give permits back", "归还许可"),
        Wait => lang.t("wait for a notify", "等待通知"),
        Notify => lang.t("wake one waiter", "唤醒一个等待者"),
        NotifyAll => lang.t("wake every waiter", "唤醒所有等待者"),
        Send => lang.t("put a message in a channel", "向通道发送消息"),
        Recv => lang.t("take a message from a channel", "从通道接收消息"),
        Close => lang.t("close a channel", "关闭通道"),
        Spawn => lang.t("start on-spawn tasks", "启动按需任务"),
        Join => lang.t("wait for tasks to end", "等待任务结束"),
        Gather => lang.t("spawn, then join", "启动后等待"),
        Cancel => lang.t("ask tasks to stop", "请求任务停止"),
        After => lang.t(
            "start a task later (a callback)",
            "稍后启动任务（回调函数）",
        ),
        Load => lang.t("copy a variable into the task", "把变量读入任务"),
        Store => lang.t("write a variable", "写入变量"),
        Incr => lang.t("add 1 atomically", "原子地加 1"),
        Fail => lang.t("fail with a message", "以一条消息失败"),
        Log => lang.t("a marker on the timeline", "时间线上的标记"),
        Repeat => lang.t("repeat steps N times", "重复若干次"),
        Timeout => lang.t("give steps a deadline", "给步骤设定时限"),
        Try => lang.t("handle a failure", "处理失败"),
    }
}

pub fn expect_label(tag: ExpectTag, lang: Lang) -> &'static str {
    match tag {
        ExpectTag::Var => lang.t("a variable's final value", "变量的最终值"),
        ExpectTag::Makespan => lang.t("total time (makespan)", "总用时"),
        ExpectTag::NoDeadlock => lang.t("no deadlock", "没有死锁"),
        ExpectTag::Deadlock => lang.t("a deadlock", "出现死锁"),
        ExpectTag::Task => lang.t("how a task ends", "任务的结束方式"),
    }
}

pub fn end_state_word(state: EndState) -> &'static str {
    match state {
        EndState::Completed => "completed",
        EndState::Failed => "failed",
        EndState::Cancelled => "cancelled",
    }
}

pub fn end_state_label(state: EndState, lang: Lang) -> &'static str {
    match state {
        EndState::Completed => lang.t("completed", "完成"),
        EndState::Failed => lang.t("failed", "失败"),
        EndState::Cancelled => lang.t("cancelled", "被取消"),
    }
}
