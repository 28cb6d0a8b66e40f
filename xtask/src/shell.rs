//! Running commands, and the environment they run in.

use std::{
    env,
    ffi::OsString,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::Instant,
};

pub type Error = Box<dyn std::error::Error>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The workspace root: the parent of this crate's directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives inside the workspace")
        .to_path_buf()
}

/// Where `cargo install` puts binaries: `$CARGO_HOME/bin`, by default `~/.cargo/bin`.
pub fn cargo_bin_dir() -> PathBuf {
    let home = match env::var_os("CARGO_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"),
    };
    home.join("bin")
}

pub fn node_bin_dir() -> PathBuf {
    project_root().join("node_modules").join(".bin")
}

pub fn is_ci() -> bool {
    env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Called once at start-up, before any thread exists: every child process sees
/// the project's npm tools (wasm-opt) and cargo-installed tools (trunk,
/// wasm-bindgen) first on PATH.
pub fn prepare_env() {
    let old = env::var_os("PATH").unwrap_or_default();
    let first = [node_bin_dir(), cargo_bin_dir()];
    let rest = env::split_paths(&old).filter(|d| !first.contains(d));
    let dirs: Vec<PathBuf> = first.iter().cloned().chain(rest).collect();
    let path: OsString = env::join_paths(dirs).expect("PATH entries contain no ':'");
    env::set_var("PATH", path);
    if is_ci() {
        env::set_var("DEBIAN_FRONTEND", "noninteractive");
        env::set_var("NPM_CONFIG_PROGRESS", "false");
    }
}

/// A command that runs in the project root.
pub fn cmd(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(project_root());
    cmd
}

/// The cargo that runs us, so a rustup toolchain override is respected.
pub fn cargo() -> Command {
    let program = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    cmd(&program)
}

fn display(cmd: &Command) -> String {
    let mut line = cmd.get_program().to_string_lossy().into_owned();
    if let Some(name) = Path::new(&line).file_name() {
        line = name.to_string_lossy().into_owned();
    }
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Runs `cmd` with inherited stdio; fails unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let line = display(cmd);
    println!("$ {line}");
    let started = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if !status.success() {
        return Err(format!("`{line}` failed ({status}) after {}", elapsed(started)).into());
    }
    Ok(())
}

/// Runs `cmd` quietly and returns its stdout (or its stderr when stdout is
/// empty), or `None` when it cannot start or exits non-zero. For version probes.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = match String::from_utf8_lossy(&out.stdout).trim() {
        "" => String::from_utf8_lossy(&out.stderr).trim().to_string(),
        stdout => stdout.to_string(),
    };
    Some(text)
}

pub fn elapsed(started: Instant) -> String {
    let secs = started.elapsed().as_secs_f64();
    if secs < 90.0 {
        format!("{secs:.1} s")
    } else {
        format!("{:.1} min", secs / 60.0)
    }
}
