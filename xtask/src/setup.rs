//! `cargo xtask setup`: installs only what is missing or at the wrong version, one line per step.

use crate::run::{cmd, first_line, repo_root, status};
use std::path::Path;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_PACK_VERSION: &str = "0.15.1";

pub fn setup() -> Result<(), String> {
    println!("== setup: installing only what is missing ==");
    wasm_target()?;
    cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &wasm_bindgen_version()?,
        // `--locked` fails for wasm-bindgen-cli: a locked dependency is missing from the mirror.
        false,
    )?;
    cargo_tool("wasm-pack", "wasm-pack", WASM_PACK_VERSION, true)?;
    chromium()?;
    python()?;
    npm_packages()?;
    println!("== setup done ==");
    Ok(())
}

fn step(name: &str, note: &str) {
    println!("  {name:<22} {note}");
}

fn wasm_target() -> Result<(), String> {
    let installed = cmd("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if installed {
        step("wasm32 target", "ok (already installed)");
        return Ok(());
    }
    step("wasm32 target", "installing…");
    status(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"])).map_err(|e| {
        format!("{e}\n  fix: run `rustup target add wasm32-unknown-unknown` and check your network")
    })
}

/// Installs `krate` with cargo unless `binary --version` already reports `version`.
fn cargo_tool(binary: &str, krate: &str, version: &str, locked: bool) -> Result<(), String> {
    let found = first_line(cmd(binary).arg("--version"));
    let wanted = format!("{binary} {version}");
    if found.as_deref().is_some_and(|v| v.starts_with(&wanted)) {
        step(binary, &format!("ok ({version})"));
        return Ok(());
    }
    let why = match &found {
        Some(other) => format!("found {other}, need {version}"),
        None => "missing".to_string(),
    };
    step(
        binary,
        &format!("{why}: installing {krate} {version} (several minutes)…"),
    );
    let mut install = cmd("cargo");
    install.args(["install", krate, "--version", version]);
    if locked {
        install.arg("--locked");
    }
    status(&mut install).map_err(|e| {
        format!("{e}\n  fix: run `cargo install {krate} --version {version}` by hand and read its error")
    })
}

/// The exact wasm-bindgen version in Cargo.lock, which the CLI must match.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry; run `cargo generate-lockfile`".into())
}

/// Debian packages the browser suites need: the browser, its driver, and fonts so that the
/// Chinese UI and the emoji on buttons render in headless screenshots.
const DEBIAN_PACKAGES: [&str; 4] = [
    "chromium",
    "chromium-driver",
    "fonts-noto-cjk",
    "fonts-noto-color-emoji",
];

fn chromium() -> Result<(), String> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .into_iter()
        .filter(|p| !debian_package_installed(p))
        .collect();
    if missing.is_empty() {
        step(
            "chromium + driver",
            "ok (chromium, chromium-driver and fonts installed)",
        );
        return Ok(());
    }
    step(
        "chromium + driver",
        &format!("missing {}: installing…", missing.join(", ")),
    );
    apt_install(&missing)
}

/// CPython 3.11+, which the asyncio differential test runs as its reference.
fn python() -> Result<(), String> {
    let version = first_line(cmd("python3").arg("--version"));
    let minor = version
        .as_deref()
        .and_then(|v| v.strip_prefix("Python 3."))
        .and_then(|rest| rest.split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    if minor.is_some_and(|m| m >= 11) {
        step("python3", &format!("ok ({})", version.unwrap_or_default()));
        return Ok(());
    }
    step("python3", "missing or older than 3.11: installing…");
    apt_install(&["python3"])
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let root = first_line(cmd("id").arg("-u")).as_deref() == Some("0");
    let (program, prefix): (&str, &[&str]) = if root {
        ("apt-get", &[])
    } else {
        ("sudo", &["apt-get"])
    };
    let fix = format!(
        "\n  fix: run `sudo apt-get update && sudo apt-get install -y {}`",
        packages.join(" ")
    );
    status(cmd(program).args(prefix).args(["update", "-qq"])).map_err(|e| format!("{e}{fix}"))?;
    status(
        cmd(program)
            .args(prefix)
            .args(["install", "-y", "-qq"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
    .map_err(|e| format!("{e}{fix}"))
}

fn debian_package_installed(package: &str) -> bool {
    first_line(cmd("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|status| status == "install ok installed")
}

/// `npm ci` from the committed lockfile unless every locked package is installed at its version.
fn npm_packages() -> Result<(), String> {
    let root = repo_root();
    let lock = std::fs::read_to_string(root.join("package-lock.json"))
        .map_err(|e| format!("cannot read package-lock.json: {e}"))?;
    let lock: serde_json::Value =
        serde_json::from_str(&lock).map_err(|e| format!("package-lock.json is not JSON: {e}"))?;
    let missing = lock["packages"]
        .as_object()
        .map(|packages| {
            packages
                .iter()
                .filter(|(key, _)| key.starts_with("node_modules/"))
                .filter(|(key, entry)| {
                    installed_version(&root.join(key))
                        != entry["version"].as_str().map(String::from)
                })
                .count()
        })
        .unwrap_or(usize::MAX);
    if missing == 0 {
        step(
            "npm packages",
            "ok (node_modules matches package-lock.json)",
        );
        return Ok(());
    }
    step(
        "npm packages",
        "installing from package-lock.json (npm ci)…",
    );
    status(cmd("npm").args(["ci", "--no-audit", "--no-fund"])).map_err(|e| {
        format!("{e}\n  fix: check that node and npm are installed (`apt-get install nodejs npm`) and run `npm ci`")
    })
}

fn installed_version(package_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package_dir.join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(String::from)
}
