//! `cargo xtask setup`: install exactly the tools this project needs.
//!
//! Idempotent: every step first checks what is installed, by version, and
//! skips when it matches. The other verbs call this first, so a fresh clone
//! (and CI, which runs as root with `CI=true`) needs no manual install step.
//! See shared TOOLCHAIN notes for why each pin is what it is.

use std::{fs, path::Path, time::Instant};

use serde_json::Value;

use crate::shell::{self, cmd, elapsed, probe, project_root, Result};

/// Trunk 0.22 needs a newer rustc than the project's 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt from the npm package `binaryen@132`; older ones cannot read
/// what rustc 1.95 emits. Trunk.toml pins the same as `version_132`.
pub const WASM_OPT_VERSION: &str = "132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
/// Debian's `nginx-light`: the e2e layer serves dist/ with it, as a newsroom would.
pub const NGINX: &str = "/usr/sbin/nginx";
const APT_PACKAGES: &str = "chromium chromium-driver fonts-noto-cjk nginx-light";
/// The other engines of the cross-engine e2e subset: Firefox ESR (driven over WebDriver
/// BiDi, no geckodriver), WebKitGTK's WebDriver with its MiniBrowser, and Xvfb for
/// MiniBrowser, which has no headless mode.
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
pub const XVFB_RUN: &str = "/usr/bin/xvfb-run";
const ENGINE_PACKAGES: &str = "firefox-esr webkit2gtk-driver xvfb xauth";

pub struct Options {
    /// Also install what the browser tests need (chromium, chromedriver, fonts, nginx, and
    /// the other engines: Firefox ESR, WebKitGTK's driver, Xvfb).
    pub browser: bool,
}

/// One thing to install. Each knows how to check, install and explain itself.
enum Step {
    WasmTarget,
    NpmPackages,
    Trunk,
    WasmBindgen { version: String },
    Browser,
    Engines,
}

enum Status {
    /// Installed; what was found (a version line).
    Present(String),
    /// Not installed, or the wrong version; why.
    Missing(String),
}

pub fn run(opts: Options) -> Result<()> {
    let started = Instant::now();
    let mut steps = vec![
        Step::WasmTarget,
        Step::NpmPackages,
        Step::Trunk,
        Step::WasmBindgen {
            version: wasm_bindgen_version()?,
        },
    ];
    if opts.browser {
        steps.push(Step::Browser);
        steps.push(Step::Engines);
    }

    let checked: Vec<(Step, Status)> = steps
        .into_iter()
        .map(|step| {
            let status = step.check();
            (step, status)
        })
        .collect();
    let missing: Vec<String> = checked
        .iter()
        .filter(|(_, status)| matches!(status, Status::Missing(_)))
        .map(|(step, _)| step.name())
        .collect();
    if missing.is_empty() {
        let found: Vec<String> = checked.iter().map(|(step, _)| step.name()).collect();
        println!("setup: all present ({})", found.join(", "));
        return Ok(());
    }

    println!("setup: installing {}.", missing.join(", "));
    if checked
        .iter()
        .any(|(step, status)| step.compiles() && matches!(status, Status::Missing(_)))
    {
        println!(
            "setup: this first run can take ~20 minutes: trunk and wasm-bindgen-cli compile \
             from source. Later runs find them installed and skip this."
        );
    }
    for (step, status) in &checked {
        let name = step.name();
        let why = match status {
            Status::Present(found) => {
                println!("setup: [ok] {name}: {found}");
                continue;
            }
            Status::Missing(why) => why,
        };
        println!("setup: [install] {name}: {why}");
        let step_started = Instant::now();
        let fail = |err: String| {
            format!(
                "setup step `{name}` failed: {err}\n  what to do: {}\n  then run `cargo xtask setup{}` again",
                step.hint(),
                if opts.browser { " --test" } else { "" },
            )
        };
        step.install().map_err(|e| fail(e.to_string()))?;
        match step.check() {
            Status::Present(found) => {
                println!("setup: [done] {name}: {found} ({})", elapsed(step_started))
            }
            Status::Missing(why) => {
                return Err(fail(format!("installed, but the check still fails: {why}")).into())
            }
        }
    }
    println!("setup: finished in {}", elapsed(started));
    Ok(())
}

impl Step {
    fn name(&self) -> String {
        match self {
            Step::WasmTarget => format!("rust target {WASM_TARGET}"),
            Step::NpmPackages => {
                format!("npm packages (binaryen@{WASM_OPT_VERSION}, playwright-core, axe)")
            }
            Step::Trunk => format!("trunk {TRUNK_VERSION}"),
            Step::WasmBindgen { version } => format!("wasm-bindgen-cli {version}"),
            Step::Browser => "chromium, chromedriver, Noto CJK fonts, nginx".to_string(),
            Step::Engines => "firefox-esr, WebKitWebDriver, xvfb-run".to_string(),
        }
    }

    /// Compiles from source: slow (trunk ~8-14 min, wasm-bindgen-cli ~3-6 min on 2 cores).
    fn compiles(&self) -> bool {
        matches!(self, Step::Trunk | Step::WasmBindgen { .. })
    }

    fn check(&self) -> Status {
        match self {
            Step::WasmTarget => {
                match probe(cmd("rustup").args(["target", "list", "--installed"])) {
                    None => Status::Missing("`rustup target list --installed` did not run".into()),
                    Some(out) if out.lines().any(|l| l.trim() == WASM_TARGET) => {
                        Status::Present("installed".into())
                    }
                    Some(_) => Status::Missing("not installed".into()),
                }
            }
            Step::NpmPackages => check_npm(&project_root()),
            Step::Trunk => {
                check_version(&["trunk", "--version"], &format!("trunk {TRUNK_VERSION}"))
            }
            Step::WasmBindgen { version } => {
                let want = format!("wasm-bindgen {version}");
                let runner = format!("wasm-bindgen-test-runner {version}");
                match check_version(&["wasm-bindgen", "--version"], &want) {
                    Status::Present(found) => {
                        match check_version(&["wasm-bindgen-test-runner", "--version"], &runner) {
                            Status::Present(runner) => {
                                Status::Present(format!("{found}, {runner}"))
                            }
                            missing => missing,
                        }
                    }
                    missing => missing,
                }
            }
            Step::Browser => {
                let absent: Vec<&str> = [CHROMIUM, CHROMEDRIVER, CJK_FONT, NGINX]
                    .into_iter()
                    .filter(|path| !Path::new(path).exists())
                    .collect();
                if !absent.is_empty() {
                    return Status::Missing(format!("missing {}", absent.join(", ")));
                }
                let version = |program| {
                    probe(cmd(program).arg("--version"))
                        .and_then(|v| v.lines().last().map(str::to_string))
                        .unwrap_or_else(|| format!("{program} --version failed"))
                };
                Status::Present(format!(
                    "{}; {}; {}",
                    version(CHROMIUM),
                    version(CHROMEDRIVER),
                    probe(cmd(NGINX).arg("-v")).unwrap_or_else(|| "nginx".into())
                ))
            }
            Step::Engines => {
                let absent: Vec<&str> = [FIREFOX, WEBKIT_DRIVER, XVFB_RUN]
                    .into_iter()
                    .filter(|path| !Path::new(path).exists())
                    .collect();
                if !absent.is_empty() {
                    return Status::Missing(format!("missing {}", absent.join(", ")));
                }
                let firefox = probe(cmd(FIREFOX).arg("--version"))
                    .and_then(|v| v.lines().last().map(str::to_string))
                    .unwrap_or_else(|| format!("{FIREFOX} --version failed"));
                Status::Present(format!("{firefox}; {WEBKIT_DRIVER}; {XVFB_RUN}"))
            }
        }
    }

    fn install(&self) -> Result<()> {
        match self {
            Step::WasmTarget => shell::run(cmd("rustup").args(["target", "add", WASM_TARGET])),
            Step::NpmPackages => {
                if probe(cmd("npm").arg("--version")).is_none() {
                    return Err("`npm` was not found on PATH".into());
                }
                shell::run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))
            }
            Step::Trunk => shell::run(shell::cargo().args([
                "install",
                "trunk",
                "--version",
                TRUNK_VERSION,
                "--locked",
                "--force",
            ])),
            // Not --locked: one of its locked dependency versions is not
            // available from the registry here; the unlocked build works.
            Step::WasmBindgen { version } => shell::run(shell::cargo().args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                version,
                "--force",
            ])),
            Step::Browser => apt_install(APT_PACKAGES),
            Step::Engines => apt_install(ENGINE_PACKAGES),
        }
    }

    /// What a person should do when `install` fails.
    fn hint(&self) -> String {
        match self {
            Step::WasmTarget => format!(
                "install rustup (the toolchain manager), or add the {WASM_TARGET} target \
                 to your Rust toolchain by other means"
            ),
            Step::NpmPackages => "install Node.js 20 or newer with npm; check that the npm \
                 registry is reachable (`npm ping`); then delete node_modules/"
                .to_string(),
            Step::Trunk | Step::WasmBindgen { .. } => {
                let bin = shell::cargo_bin_dir();
                format!(
                    "read cargo's error above; check that the crate registry is reachable and that \
                     {} is writable (set CARGO_HOME to change it)",
                    bin.display()
                )
            }
            Step::Browser => {
                format!("as root: apt-get update && apt-get install -y {APT_PACKAGES}")
            }
            Step::Engines => {
                format!("as root: apt-get update && apt-get install -y {ENGINE_PACKAGES}")
            }
        }
    }
}

/// Debian packages, as root (CI runs as root; elsewhere the error says what to run).
fn apt_install(packages: &str) -> Result<()> {
    let root = probe(cmd("id").arg("-u")).is_some_and(|uid| uid == "0");
    if !root {
        return Err(format!(
            "installing Debian packages needs root; run:\n    \
             sudo apt-get update && sudo apt-get install -y {packages}"
        )
        .into());
    }
    shell::run(cmd("apt-get").arg("update"))?;
    shell::run(
        cmd("apt-get")
            .args(["install", "-y"])
            .args(packages.split(' '))
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Present when `program --version` prints a line containing `want`.
fn check_version(program_and_args: &[&str], want: &str) -> Status {
    let (program, args) = program_and_args.split_first().expect("a program");
    match probe(cmd(program).args(args)) {
        None => Status::Missing(format!("`{program}` not found on PATH")),
        Some(out) if out.lines().any(|l| l.contains(want)) => {
            Status::Present(out.lines().next().unwrap_or_default().to_string())
        }
        Some(out) => Status::Missing(format!(
            "found `{}`, need {want}",
            out.lines().next().unwrap_or_default()
        )),
    }
}

/// npm packages are current when every package in package-lock.json is
/// installed at its locked version (npm records what it installed in
/// node_modules/.package-lock.json) and wasm-opt prints the pinned version.
fn check_npm(root: &Path) -> Status {
    let read = |path: &Path| -> Option<Value> {
        serde_json::from_str(&fs::read_to_string(path).ok()?).ok()
    };
    let Some(wanted) = read(&root.join("package-lock.json")) else {
        return Status::Missing("package-lock.json is missing or unreadable".into());
    };
    let Some(installed) = read(&root.join("node_modules/.package-lock.json")) else {
        return Status::Missing("node_modules/ is not installed".into());
    };
    if let Some(why) = lockfile_difference(&wanted, &installed) {
        return Status::Missing(why);
    }
    check_version(
        &["wasm-opt", "--version"],
        &format!("version {WASM_OPT_VERSION}"),
    )
}

/// The first package whose installed version differs from the locked one.
fn lockfile_difference(wanted: &Value, installed: &Value) -> Option<String> {
    let empty = serde_json::Map::new();
    let packages = |lock: &Value| lock["packages"].as_object().unwrap_or(&empty).clone();
    let (wanted, installed) = (packages(wanted), packages(installed));
    for (key, entry) in wanted.iter().filter(|(key, _)| !key.is_empty()) {
        let version = &entry["version"];
        match installed.get(key) {
            Some(have) if have["version"] == *version => {}
            None if entry["optional"] == Value::Bool(true) => {}
            Some(have) => return Some(format!("{key} is {}, locked {version}", have["version"])),
            None => return Some(format!("{key} is not installed")),
        }
    }
    None
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let path = project_root().join("Cargo.lock");
    let lock = fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run `cargo generate-lockfile`)",
            path.display()
        )
    })?;
    locked_version(&lock, "wasm-bindgen")
        .ok_or_else(|| "Cargo.lock has no `wasm-bindgen` package; add it to Cargo.toml".into())
}

/// Version of package `name` in a Cargo.lock, without a TOML parser: each
/// `[[package]]` starts with `name = "..."` followed by `version = "..."`.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let name_line = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_locked_version_by_exact_name() {
        let lock = r#"
[[package]]
name = "wasm-bindgen-backend"
version = "0.2.999"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://example.invalid"
"#;
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "trunk"), None);
    }

    #[test]
    fn npm_lockfile_comparison() {
        let wanted = json!({"packages": {
            "": {"name": "root"},
            "node_modules/binaryen": {"version": "132.0.0"},
            "node_modules/fsevents": {"version": "2.3.3", "optional": true},
        }});
        let same = json!({"packages": {"node_modules/binaryen": {"version": "132.0.0"}}});
        assert_eq!(lockfile_difference(&wanted, &same), None);

        let old = json!({"packages": {"node_modules/binaryen": {"version": "116.0.0"}}});
        assert_eq!(
            lockfile_difference(&wanted, &old).as_deref(),
            Some(r#"node_modules/binaryen is "116.0.0", locked "132.0.0""#)
        );
        let none = json!({"packages": {}});
        assert_eq!(
            lockfile_difference(&wanted, &none).as_deref(),
            Some("node_modules/binaryen is not installed")
        );
    }

    /// The pins live in four files; they must agree (a "tidy" test).
    #[test]
    fn tool_pins_agree() {
        let root = project_root();
        let read = |file: &str| fs::read_to_string(root.join(file)).unwrap();
        let trunk_toml = read("Trunk.toml");
        let bindgen = wasm_bindgen_version().unwrap();
        assert!(
            trunk_toml.contains(&format!("wasm_bindgen = \"{bindgen}\"")),
            "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen {bindgen}"
        );
        assert!(
            trunk_toml.contains(&format!("wasm_opt = \"version_{WASM_OPT_VERSION}\"")),
            "Trunk.toml [tools] wasm_opt must be version_{WASM_OPT_VERSION}"
        );
        let package: Value = serde_json::from_str(&read("package.json")).unwrap();
        let binaryen = package["devDependencies"]["binaryen"].as_str().unwrap();
        assert!(
            binaryen.starts_with(&format!("{WASM_OPT_VERSION}.")),
            "package.json binaryen {binaryen} must be {WASM_OPT_VERSION}.x"
        );
    }
}
