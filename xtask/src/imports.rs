//! Short import names. wasm-bindgen names each function the wasm imports from its glue
//! `__wbg_<name>_<16 hex digits>` (about 190 of them), and every name goes over the wire
//! twice: in the wasm's import section and as a key of the glue's import object. The hex
//! digits do not compress. This renames each import of the glue's module to a short
//! identifier (`a`, `b`, … `Z`, `ba`, …) in both files: about 2.7 KB less brotli in the wasm
//! and 1.9 KB in the glue.
//!
//! The import section is rewritten entry by entry and every other section is copied byte
//! for byte. The glue must hold each old name exactly once (as its import object's key),
//! so a name used anywhere else stops the build instead of leaving a broken page.

use crate::shell::Result;

/// The module wasm-bindgen's glue provides the imports under.
pub const GLUE_MODULE: &str = "./app_bg.js";

/// The wasm with every import of `module` renamed, and the (old, new) names in import order.
pub fn shorten(wasm: &[u8], module: &str) -> Result<(Vec<u8>, Vec<(String, String)>)> {
    if wasm.get(..8) != Some(&[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00][..]) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body_at) = leb(wasm, at + 1)?;
        let end = body_at.checked_add(size as usize).filter(|&e| e <= wasm.len()).ok_or("a section runs past the end")?;
        if id == 2 {
            let body = imports(&wasm[body_at..end], module, &mut renamed)?;
            out.push(2);
            out.extend(uleb(body.len() as u64));
            out.extend(body);
        } else {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok((out, renamed))
}

/// The glue with each import object key renamed; each old name must occur exactly once.
pub fn rename_in_glue(glue: &str, renamed: &[(String, String)]) -> Result<String> {
    let mut out = glue.to_string();
    for (old, new) in renamed {
        let n = out.matches(old.as_str()).count();
        if n != 1 {
            return Err(format!("the glue holds the import name {old} {n} times, not once").into());
        }
        out = out.replacen(old.as_str(), new, 1);
    }
    Ok(out)
}

/// A rewritten import section body.
fn imports(body: &[u8], module: &str, renamed: &mut Vec<(String, String)>) -> Result<Vec<u8>> {
    let (count, mut at) = leb(body, 0)?;
    let mut out = uleb(count);
    for _ in 0..count {
        let (m, next) = name(body, at)?;
        let (field, desc_at) = name(body, next)?;
        let desc_end = desc_end(body, desc_at)?;
        let field = if m == module {
            let short = short_name(renamed.len());
            renamed.push((field.to_string(), short.clone()));
            short
        } else {
            field.to_string()
        };
        for s in [m, field.as_str()] {
            out.extend(uleb(s.len() as u64));
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&body[desc_at..desc_end]);
        at = desc_end;
    }
    if at != body.len() {
        return Err("the import section has bytes after its entries".into());
    }
    Ok(out)
}

/// Where an import's description (kind and type) that starts at `at` ends.
fn desc_end(b: &[u8], at: usize) -> Result<usize> {
    let byte = |i: usize| b.get(i).copied().ok_or("an import runs past its section");
    let limits = |i: usize| -> Result<usize> {
        let flags = byte(i)?;
        let (_, mut next) = leb(b, i + 1)?;
        if flags & 1 != 0 {
            next = leb(b, next)?.1;
        }
        Ok(next)
    };
    match byte(at)? {
        0x00 => Ok(leb(b, at + 1)?.1),
        // table: a one-byte reference type (funcref, externref), then limits
        0x01 if matches!(byte(at + 1)?, 0x70 | 0x6f) => limits(at + 2),
        0x02 => limits(at + 1),
        // global: a one-byte value type, then mutability
        0x03 if matches!(byte(at + 1)?, 0x7f | 0x7e | 0x7d | 0x7c | 0x7b | 0x70 | 0x6f) => Ok(at + 3),
        0x04 => Ok(leb(b, at + 2)?.1),
        kind => Err(format!("an import of kind {kind:#x} (or of a type) this step does not know").into()),
    }
}

/// A UTF-8 name (length, bytes) at `at`, and where the next field starts.
fn name(b: &[u8], at: usize) -> Result<(&str, usize)> {
    let (len, start) = leb(b, at)?;
    let end = start.checked_add(len as usize).filter(|&e| e <= b.len()).ok_or("a name runs past its section")?;
    Ok((std::str::from_utf8(&b[start..end]).map_err(|_| "a name is not UTF-8")?, end))
}

/// An unsigned LEB128 at `at`, and where the next field starts.
fn leb(b: &[u8], mut at: usize) -> Result<(u64, usize)> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *b.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 63 {
            return Err("a number is too long".into());
        }
    }
}

fn uleb(mut n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// The `i`-th short name: `a` … `z`, `A` … `Z`, then two letters and so on. Letters only,
/// so each one is a plain key in a JS object literal.
fn short_name(mut i: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[i % LETTERS.len()]);
        i /= LETTERS.len();
        if i == 0 {
            break;
        }
        i -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> Vec<u8> {
        let mut v = uleb(s.len() as u64);
        v.extend_from_slice(s.as_bytes());
        v
    }

    /// A module importing a function, a memory, a global and a table from `./app_bg.js`
    /// and one function from `env`, with a type section before and a custom section after.
    fn module(names: [&str; 5]) -> Vec<u8> {
        let mut imports = uleb(5);
        let descs: [&[u8]; 5] = [&[0x00, 0x00], &[0x02, 0x01, 0x01, 0x02], &[0x03, 0x7f, 0x01], &[0x01, 0x6f, 0x00, 0x80, 0x01], &[0x00, 0x00]];
        for (i, (n, d)) in names.iter().zip(descs).enumerate() {
            imports.extend(string(if i == 4 { "env" } else { GLUE_MODULE }));
            imports.extend(string(n));
            imports.extend_from_slice(d);
        }
        let mut m = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        m.extend([0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
        m.push(0x02);
        m.extend(uleb(imports.len() as u64));
        m.extend(imports);
        let custom = [string("note"), b"kept".to_vec()].concat();
        m.push(0x00);
        m.extend(uleb(custom.len() as u64));
        m.extend(custom);
        m
    }

    #[test]
    fn renames_the_glue_imports_only_and_keeps_the_rest() {
        let long = ["__wbg_now_0123456789abcdef", "memory", "__wbindgen_g", "__wbindgen_externrefs", "keep_me"];
        let (out, renamed) = shorten(&module(long), GLUE_MODULE).unwrap();
        assert_eq!(out, module(["a", "b", "c", "d", "keep_me"]));
        assert_eq!(
            renamed,
            [("__wbg_now_0123456789abcdef", "a"), ("memory", "b"), ("__wbindgen_g", "c"), ("__wbindgen_externrefs", "d")]
                .map(|(o, n)| (o.to_string(), n.to_string()))
        );
        let glue = "const i={__proto__:null,__wbg_now_0123456789abcdef:function(){return Date.now()},memory:m,__wbindgen_g:g,__wbindgen_externrefs:t};";
        assert_eq!(
            rename_in_glue(glue, &renamed).unwrap(),
            "const i={__proto__:null,a:function(){return Date.now()},b:m,c:g,d:t};"
        );
    }

    #[test]
    fn a_name_the_glue_uses_twice_stops_the_build() {
        let renamed = [("__wbg_x_00".to_string(), "a".to_string())];
        assert!(rename_in_glue("{__wbg_x_00:f};g.__wbg_x_00()", &renamed).is_err());
        assert!(rename_in_glue("{}", &renamed).is_err());
        assert!(shorten(b"\0asm\x02\0\0\0", GLUE_MODULE).is_err());
        // An import kind this step does not know (0x05) is an error, not a guess.
        let mut m = module(["a", "b", "c", "d", "e"]);
        let at = m.windows(3).position(|w| w == [0x03, 0x7f, 0x01]).unwrap();
        m[at] = 0x05;
        assert!(shorten(&m, GLUE_MODULE).is_err());
    }

    #[test]
    fn short_names_are_unique_letters() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[51], "Z");
        assert_eq!(names[52], "aa");
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_alphabetic())));
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }
}
