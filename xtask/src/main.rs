//! Project automation, in the style of matklad/cargo-xtask: `cargo xtask <verb>`.
//!
//! Every verb first runs `setup`, which installs exactly the tool versions this
//! project needs and skips whatever is already there, so a fresh clone needs
//! nothing but cargo (plus Node.js and, for the browser tests, Debian's apt).

mod bench;
mod csp;
mod dist;
mod embed;
mod export;
mod files;
mod host;
mod html;
mod imports;
mod minify;
mod offline;
mod pages;
mod preconditions;
mod publish;
mod setup;
mod share;
mod shell;
mod sizes;
mod sw;
mod test;
mod wasm_size;

use std::process::ExitCode;

use shell::Result;

const HELP: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  setup [--test]            install the toolchain (idempotent; --test adds chromium,
                            chromedriver, CJK fonts and nginx for the browser tests)
  serve [trunk args...]     build in debug mode and serve on http://127.0.0.1:8080/
  dist                      release build into dist/ (wasm-opt -Oz), prints the wasm size;
                            then the static bundle: strict CSP, service worker, one-file
                            edition in dist/offline/, embeds, share image
  export                    WeChat article pack in dist/export/: every chart as SVG and
                            1080 px PNG, share.png, thumb.png, captions.md (builds dist first
                            if needed)
  test [--native|--wasm|--e2e|--edition]
                            run the test layers (default: all four)
  bench [--no-build]        size of every file in dist/ (raw, gzip -9, brotli -q 11), what
                            each crate and module costs in the wasm, and the browser
                            figures of issue 10 beside their targets under mobile
                            throttling; writes target/bench/report.json
  help                      this text

Environment:
  CI=true                   non-interactive installs (DEBIAN_FRONTEND=noninteractive); a
                            missing test precondition (source folder, CJK font,
                            tests/wasm.rs, tests/e2e/bench.mjs) fails the run instead of
                            skipping (xtask/src/preconditions.rs)
  CARGO_HOME                where cargo-installed tools go (default ~/.cargo)
";

fn main() -> ExitCode {
    if let Err(err) = try_main() {
        eprintln!("\nxtask: error: {err}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn try_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (verb, rest) = match args.split_first() {
        Some((verb, rest)) => (verb.as_str(), rest),
        None => ("help", &[][..]),
    };
    shell::prepare_env();
    match verb {
        "setup" => {
            let browser = parse_flags(rest, &["--test"])?.contains(&"--test");
            setup::run(setup::Options { browser })
        }
        "serve" => serve(rest),
        "dist" => {
            parse_flags(rest, &[])?;
            dist::run().map(drop)
        }
        "export" => {
            parse_flags(rest, &[])?;
            export::run()
        }
        "test" => {
            let flags = parse_flags(rest, &["--native", "--wasm", "--e2e", "--edition"])?;
            test::run(&test::Layers::from_flags(&flags))
        }
        "bench" => {
            let build = !parse_flags(rest, &["--no-build"])?.contains(&"--no-build");
            bench::run(build)
        }
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}").into()),
    }
}

/// Accepts only the flags in `known`; returns the ones given.
fn parse_flags<'a>(args: &[String], known: &[&'a str]) -> Result<Vec<&'a str>> {
    args.iter()
        .map(|arg| {
            known
                .iter()
                .find(|k| **k == arg)
                .copied()
                .ok_or_else(|| format!("unknown option `{arg}`\n\n{HELP}").into())
        })
        .collect()
}

/// `cargo xtask serve`: debug build with live reload. Extra args go to trunk.
fn serve(extra: &[String]) -> Result<()> {
    setup::run(setup::Options { browser: false })?;
    println!("\nxtask serve: http://127.0.0.1:8080/  (Ctrl-C to stop)\n");
    let mut cmd = shell::cmd("trunk");
    cmd.args(["serve", "--address", "127.0.0.1", "--port", "8080"])
        .args(extra);
    shell::run(&mut cmd)
}
