//! Standard output that ends quietly when its reader goes away (`interleave presets | head`):
//! a closed pipe is a normal end, not a panic.

use std::io::{ErrorKind, Write};

/// Writes one line to standard output; exits at once, with success, if the pipe is closed.
pub fn line(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{args}").and_then(|()| stdout.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("interleave: cannot write the output: {e}");
        std::process::exit(i32::from(super::INVALID));
    }
}

/// `println!` that ends quietly on a closed pipe (see [`line`]).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::line(format_args!($($arg)*))
    };
}
pub(crate) use out;
