//! What each crate, and each module of ours, costs in the shipped wasm.
//!
//! The dist wasm has no names, so this measures a named twin of it: the release
//! artifact that `trunk build --release` leaves in
//! `target/wasm32-unknown-unknown/release/app.wasm`, run through
//! `wasm-bindgen --keep-debug` and the same `wasm-opt -Oz` as the release build but
//! with `-g`, which keeps the "name" custom section, and with the dist's short import
//! names (`crate::imports`). That twin is parsed with
//! `wasmparser`: the size of every function body in the code section, named from the
//! name section, demangled with `rustc-demangle` and grouped by [`owner`]. Data
//! segments get their own line; everything else that is neither code nor data nor a
//! custom section (types, imports, exports, tables, globals, section headers: mostly
//! what the wasm-bindgen glue needs) is "other". Both sizes are printed, the twin
//! without its names and the dist wasm, so a reader can see how closely the
//! breakdown describes what ships.

use std::{collections::HashMap, fs, path::Path};

use wasmparser::{KnownCustom, Name, Parser, Payload};

use crate::{
    shell::{self, cmd, project_root, Result},
    sizes,
};

mod breakdown;
mod owner;
pub use breakdown::{table, Breakdown, Group, OURS};
pub use owner::{owner, Owner};

/// `Ok(None)` (after saying why) when the release artifact is missing.
pub fn measure(dist_wasm: &Path) -> Result<Option<Breakdown>> {
    let artifact = project_root().join("target/wasm32-unknown-unknown/release/app.wasm");
    if !artifact.is_file() {
        println!(
            "wasm breakdown: not measured (target/wasm32-unknown-unknown/release/app.wasm is \
             missing; run `cargo xtask bench` without --no-build)"
        );
        return Ok(None);
    }
    let dir = project_root().join("target/bench/wasm-names");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    fs::create_dir_all(&dir)?;
    shell::run(
        cmd("wasm-bindgen")
            .args(["--target", "web", "--keep-debug", "--out-dir"])
            .arg(&dir)
            .arg(&artifact),
    )?;
    let named = dir.join("named.wasm");
    shell::run(
        cmd("wasm-opt")
            .args([
                "-Oz",
                "-g",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(dir.join("app_bg.wasm"))
            .arg("-o")
            .arg(&named),
    )?;
    // With the dist's short import names (`crate::imports`), so that the twin without its
    // names is the size of the dist wasm.
    let (bytes, _) = crate::imports::shorten(&fs::read(&named)?, crate::imports::GLUE_MODULE)?;
    let breakdown = parse(&bytes)?;
    let dist_len = fs::metadata(dist_wasm)?.len();
    print!("{}", table(&breakdown, &display_name(dist_wasm), dist_len));
    Ok(Some(breakdown))
}

fn display_name(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Sizes of a wasm with a "name" section, grouped.
pub fn parse(wasm: &[u8]) -> Result<Breakdown> {
    let mut imported_functions = 0u32;
    let mut bodies: Vec<&[u8]> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut name_section = 0u64;
    let mut other_custom = 0u64;
    let mut data: &[u8] = &[];
    let mut counted = 0u64;
    let mut other_bytes: Vec<u8> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        match &payload {
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    if matches!(import?.ty, wasmparser::TypeRef::Func(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                bodies.push(&wasm[body.range()]);
                continue;
            }
            Payload::CustomSection(reader) => {
                // with its id and size
                let len = reader.range().len() as u64;
                let len = len + 1 + leb128_len(len);
                counted += len;
                if let KnownCustom::Name(names_reader) = reader.as_known() {
                    name_section += len;
                    for sub in names_reader {
                        if let Name::Function(map) = sub? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                } else {
                    other_custom += len;
                }
                continue;
            }
            Payload::DataSection(reader) => {
                data = &wasm[reader.range()];
                counted += data.len() as u64;
                continue;
            }
            _ => {}
        }
        if let Some((_, range)) = payload.as_section() {
            if !matches!(payload, Payload::CodeSectionStart { .. }) {
                counted += range.len() as u64;
                other_bytes.extend_from_slice(&wasm[range]);
            }
        }
    }
    let code: u64 = bodies.iter().map(|b| b.len() as u64).sum();
    // Headers, section ids and lengths, the code section's own count and sizes.
    let unaccounted = (wasm.len() as u64).saturating_sub(counted + code);

    let mut crates: HashMap<String, (u64, usize, Vec<u8>)> = HashMap::new();
    let mut modules: HashMap<String, (u64, usize, Vec<u8>)> = HashMap::new();
    for (i, body) in bodies.iter().enumerate() {
        let index = imported_functions + i as u32;
        let o = names.get(&index).map_or_else(Owner::other, |n| owner(n));
        let add = |map: &mut HashMap<String, (u64, usize, Vec<u8>)>, key: String| {
            let e = map.entry(key).or_default();
            e.0 += body.len() as u64;
            e.1 += 1;
            e.2.extend_from_slice(body);
        };
        if o.krate == OURS {
            add(&mut modules, o.module.clone());
        }
        add(&mut crates, o.krate);
    }
    let groups = |map: HashMap<String, (u64, usize, Vec<u8>)>| {
        let mut v: Vec<Group> = map
            .into_iter()
            .map(|(name, (bytes, functions, body))| Group {
                name,
                bytes,
                functions,
                gzip_alone: sizes::gzip_len(&body),
            })
            .collect();
        v.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        v
    };
    Ok(Breakdown {
        named_bytes: wasm.len() as u64,
        name_section,
        other_custom,
        code,
        functions: bodies.len(),
        data: Group {
            name: "data segments".into(),
            bytes: data.len() as u64,
            functions: 0,
            gzip_alone: sizes::gzip_len(data),
        },
        other: Group {
            name: "other: types, imports, exports, headers".into(),
            bytes: other_bytes.len() as u64 + unaccounted,
            functions: 0,
            gzip_alone: sizes::gzip_len(&other_bytes),
        },
        crates: groups(crates),
        modules: groups(modules),
    })
}

/// Bytes of `n` as an unsigned LEB128 number.
fn leb128_len(mut n: u64) -> u64 {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_module_with_names() {
        // (module (func $a ...) (func $b ...) (data ...)) with a name section,
        // assembled by hand: two bodies of 4 and 6 bytes.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let section = |wasm: &mut Vec<u8>, id: u8, body: &[u8]| {
            wasm.push(id);
            wasm.push(body.len() as u8);
            wasm.extend_from_slice(body);
        };
        section(&mut wasm, 1, &[1, 0x60, 0, 0]); // type: () -> ()
        section(&mut wasm, 3, &[2, 0, 0]); // two functions of type 0
        section(&mut wasm, 5, &[1, 0, 1]); // memory 1 page
        let code = [
            2u8, // two bodies
            3, 0, 0x01, 0x0b, // (nop) end: 4 bytes with its size
            5, 0, 0x01, 0x01, 0x01, 0x0b, // 6 bytes
        ];
        section(&mut wasm, 10, &code);
        section(&mut wasm, 11, &[1, 0, 0x41, 0, 0x0b, 3, b'x', b'y', b'z']); // data "xyz"
        let f1 = "wushan::charts::scale::ticks";
        let f2 = "<wushan::story::app::App as yew::html::component::BaseComponent>::view";
        let mut map = vec![2u8];
        for (i, name) in [f1, f2].iter().enumerate() {
            map.push(i as u8);
            map.push(name.len() as u8);
            map.extend_from_slice(name.as_bytes());
        }
        let mut names = vec![4u8];
        names.extend_from_slice(b"name");
        names.push(1); // function names subsection
        names.push(map.len() as u8);
        names.extend_from_slice(&map);
        section(&mut wasm, 0, &names);

        let b = parse(&wasm).unwrap();
        assert_eq!(b.functions, 2);
        assert_eq!(b.code, 3 + 5, "bodies without their size prefix");
        assert_eq!(b.crates.len(), 1);
        assert_eq!(b.crates[0].name, "wushan");
        let modules: Vec<(&str, u64)> = b
            .modules
            .iter()
            .map(|g| (g.name.as_str(), g.bytes))
            .collect();
        assert_eq!(
            modules,
            [("wushan::story::app", 5), ("wushan::charts::scale", 3)]
        );
        assert!(b.data.bytes > 3);
        assert_eq!(
            b.name_section,
            2 + names.len() as u64,
            "with its id and size"
        );
        assert_eq!(b.without_names(), wasm.len() as u64 - b.name_section);
        let text = table(&b, "dist/app_bg.wasm", b.without_names());
        assert!(text.contains("(+0.0 %)"), "{text}");
        assert!(text.contains("wushan::story::app"), "{text}");
        assert!(!text.contains("warning"), "{text}");
    }
}
