//! Small helpers for running commands and reading their output.

use std::path::PathBuf;
use std::process::Command;

/// The repository root (the parent of this crate's folder).
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// A command with `~/.cargo/bin` and the npm tools (`node_modules/.bin`) first on PATH, so
/// freshly installed tools are found and the npm `wasm-opt` wins over any older one.
pub fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", tool_path());
    command
}

pub fn tool_path() -> String {
    let mut parts = vec![repo_root().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("HOME") {
        parts.push(PathBuf::from(home).join(".cargo/bin"));
    }
    let mut path = std::env::join_paths(parts)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Ok(rest) = std::env::var("PATH") {
        path.push(':');
        path.push_str(&rest);
    }
    path
}

/// Runs a command to completion, inheriting stdio; an error names the command.
pub fn status(command: &mut Command) -> Result<(), String> {
    // Program and arguments only: the PATH we set would drown the message.
    let shown = std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    match command.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{shown} failed ({s})")),
        Err(e) => Err(format!("could not run {shown}: {e}")),
    }
}

/// The first line a command prints on stdout, if it runs and succeeds.
pub fn first_line(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|l| l.trim().to_string())
}
