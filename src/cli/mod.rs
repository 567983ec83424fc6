//! Command-line parsing and dispatch; exit codes: 0 success, 1 a failed run or check, 2 bad input.

mod bridge;
mod commands;
mod explore;
mod load;
mod out;

use out::out;

/// Exit code: the run completed and every expectation passed (or the command succeeded).
pub const OK: u8 = 0;
/// Exit code: the run failed, deadlocked or hit a limit, or an expectation failed.
pub const FAILED: u8 = 1;
/// Exit code: invalid input or usage; the errors are on stderr.
pub const INVALID: u8 = 2;

const USAGE: &str = "\
usage:
  interleave run FILE [--seed N] [--sched S] [--json] [--chrome-trace OUT]
  interleave check FILE
  interleave share FILE [--seed N] [--sched S] [--live]
  interleave explore FILE [--max-schedules N] [--preemption-bound K] [--seed N]
                          [--random N [--depth D]] [--time-budget MS] [--no-prune] [--json]
  interleave presets [--print ID]
  interleave import FILE.py [--cpu FUNCTION=DURATION]...
  interleave export --python|--rust FILE
  interleave --help | --version
FILE may be - to read standard input.
exit codes: 0 completed and every expect passed, 1 failed/deadlock/limit or a failed expect,
2 invalid input (errors on stderr as file:line:col: message)";

/// The options a command may take.
#[derive(Debug, Default, PartialEq, Eq)]
struct Opts {
    file: Option<String>,
    seed: Option<u64>,
    json: bool,
    live: bool,
    chrome_trace: Option<String>,
    print: Option<String>,
    /// `--sched S`: a schedule to follow (run, share).
    sched: Option<String>,
    max_schedules: Option<u64>,
    preemption_bound: Option<u32>,
    random: Option<u64>,
    depth: Option<u32>,
    time_budget_ms: Option<u64>,
    no_prune: bool,
    /// `--cpu work=200ms` (import): calls of `work` are CPU work of that length.
    cpu: Vec<String>,
    /// `--python` or `--rust` (export).
    python: bool,
    rust: bool,
}

/// Runs the command line and returns the exit code.
pub fn main(args: &[String]) -> u8 {
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return INVALID;
    };
    // `--help` and `--version` win wherever they are, as in most command-line tools.
    if matches!(command.as_str(), "help") || args.iter().any(|a| a == "-h" || a == "--help") {
        out!("{USAGE}");
        return OK;
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        out!("interleave {}", env!("CARGO_PKG_VERSION"));
        return OK;
    }
    let opts = match parse_opts(rest) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("interleave: {msg}\n{USAGE}");
            return INVALID;
        }
    };
    let needs_file = matches!(
        command.as_str(),
        "run" | "check" | "share" | "explore" | "import" | "export"
    );
    if needs_file && opts.file.is_none() {
        eprintln!("interleave {command}: missing FILE\n{USAGE}");
        return INVALID;
    }
    match command.as_str() {
        "run" => commands::run(&opts),
        "check" => commands::check(&opts),
        "share" => commands::share(&opts),
        "presets" => commands::presets(&opts),
        "explore" => explore::explore_cmd(&opts),
        "import" => bridge::import(&opts),
        "export" => bridge::export(&opts),
        other => {
            eprintln!("interleave: unknown command `{other}`\n{USAGE}");
            INVALID
        }
    }
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--json" => o.json = true,
            "--live" => o.live = true,
            "--seed" => {
                let v = value("--seed")?;
                o.seed = Some(
                    v.parse()
                        .map_err(|_| format!("--seed needs a whole number, got `{v}`"))?,
                );
            }
            "--chrome-trace" => o.chrome_trace = Some(value("--chrome-trace")?),
            "--sched" => o.sched = Some(value("--sched")?),
            "--no-prune" => o.no_prune = true,
            "--max-schedules" => o.max_schedules = Some(number(&value("--max-schedules")?)?),
            "--preemption-bound" => {
                o.preemption_bound = Some(number(&value("--preemption-bound")?)?)
            }
            "--random" => o.random = Some(number(&value("--random")?)?),
            "--depth" => o.depth = Some(number(&value("--depth")?)?),
            "--time-budget" => o.time_budget_ms = Some(number(&value("--time-budget")?)?),
            "--print" => o.print = Some(value("--print")?),
            "--cpu" => o.cpu.push(value("--cpu")?),
            "--python" => o.python = true,
            "--rust" => o.rust = true,
            "-" => o.file = Some(arg.clone()),
            s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
            _ if o.file.is_none() => o.file = Some(arg.clone()),
            s => return Err(format!("unexpected argument `{s}`")),
        }
    }
    Ok(o)
}

/// A whole number for an option, or a message saying what was wrong.
fn number<T: std::str::FromStr>(v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("expected a whole number, got `{v}`"))
}
