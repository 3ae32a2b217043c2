//! `cargo xtask build`: compile the app, run wasm-bindgen, assemble `dist/`.

use crate::{APP_PACKAGE, Paths, WASM_PROFILE, WASM_TARGET, cargo, dist};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The JS glue and the wasm module as wasm-bindgen produced them, before fingerprinting, with
/// the lazily loaded chunks split off at the app's `#[lazy]` points.
pub struct Bindgen {
    pub js: Vec<u8>,
    pub wasm: Vec<u8>,
    /// The module that loads chunks on first use (imported by the JS glue); its file name in
    /// `js` and `wasm` is [`SPLIT_LOADER_PLACEHOLDER`].
    pub split_loader: Vec<u8>,
    /// Each chunk by the file name the loader asks for (`./<name>.wasm`).
    pub chunks: Vec<(String, Vec<u8>)>,
}

/// The split loader's name until it is fingerprinted: as long as a fingerprinted name, so the
/// wasm's import section can be rewritten in place.
pub const SPLIT_LOADER_PLACEHOLDER: &str = "kontaktpunkt-split-________________.js";

pub fn run(paths: &Paths) -> Result<()> {
    let wasm = compile(paths)?;
    let split = split(paths, &wasm)?;
    let bindgen = bindgen(paths, &split)?;
    let written = dist::assemble(paths, &bindgen)?;
    println!("wrote {} ({} files):", paths.dist.display(), written.len());
    for file in &written {
        println!("  {:<44} {:>9} bytes", file.name, file.len);
    }
    Ok(())
}

/// `cargo build` of the app for the browser; returns the path of the raw `.wasm`.
fn compile(paths: &Paths) -> Result<PathBuf> {
    println!("compiling {APP_PACKAGE} for {WASM_TARGET} (profile {WASM_PROFILE}) …");
    let status = Command::new(cargo())
        .args(["build", "--package", APP_PACKAGE, "--target", WASM_TARGET, "--profile", WASM_PROFILE])
        .current_dir(&paths.root)
        .status()
        .context("running `cargo build` for the app")?;
    if !status.success() {
        bail!("`cargo build` of {APP_PACKAGE} failed ({status})");
    }
    let wasm = paths.target.join(WASM_TARGET).join(WASM_PROFILE).join(format!("{APP_PACKAGE}.wasm"));
    if !wasm.is_file() {
        bail!("cargo reported success but {} is missing", wasm.display());
    }
    Ok(wasm)
}

/// The app's wasm with its lazy chunks split off.
struct Split {
    main: PathBuf,
    loader: Vec<u8>,
    chunks: Vec<(String, Vec<u8>)>,
}

/// Splits the wasm at its `#[lazy]` split points (wasm_split_cli_support, as cargo-leptos
/// does): the main module keeps what the field shell needs, each chunk is fetched on first use.
fn split(paths: &Paths, wasm: &Path) -> Result<Split> {
    let out = paths.target.join("xtask-split");
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    println!("splitting lazy chunks off the wasm …");
    let input = fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main = out.join("main.wasm");
    let link_name = format!("./{SPLIT_LOADER_PLACEHOLDER}");
    let main_module = format!("./{APP_PACKAGE}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &out;
    options.main_out_path = &main;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|error| anyhow::anyhow!("splitting the wasm: {error:?}"))?;
    let mut chunks = Vec::new();
    for path in &split.split_modules {
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .with_context(|| format!("odd chunk name {}", path.display()))?;
        let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let stripped =
            without_custom_sections(&bytes).with_context(|| format!("reading {}", path.display()))?;
        chunks.push((name.to_owned(), stripped));
    }
    chunks.sort();
    let loader_path = out.join(SPLIT_LOADER_PLACEHOLDER);
    let loader = fs::read(&loader_path).with_context(|| format!("reading {}", loader_path.display()))?;
    Ok(Split { main, loader, chunks })
}

/// Runs wasm-bindgen (as a library, so its version is pinned by `Cargo.lock` to match the
/// `wasm-bindgen` crate the app links) for the `web` target.
fn bindgen(paths: &Paths, split: &Split) -> Result<Bindgen> {
    let out = paths.target.join("xtask-bindgen");
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    println!("running wasm-bindgen …");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        .out_name(APP_PACKAGE)
        .web(true)
        .context("selecting wasm-bindgen's web target")?
        .omit_default_module_path(false)
        .typescript(false)
        .debug(false)
        // `KONTAKTPUNKT_WASM_NAMES=1` keeps function names, for a readable CPU profile.
        .remove_name_section(std::env::var_os("KONTAKTPUNKT_WASM_NAMES").is_none())
        .remove_producers_section(true)
        // The split chunks link against the main module's exports by their linker names.
        .keep_lld_exports(true)
        .demangle(false)
        .generate(&out)
        .context("wasm-bindgen failed")?;
    // Inline JS snippets would be separate, unfingerprinted modules the service worker does not
    // know about; refuse them until the build learns to fingerprint them too.
    if out.join("snippets").exists() {
        bail!("wasm-bindgen emitted JS snippets ({}); dist/ does not handle them yet", out.display());
    }
    let read = |name: &str| {
        let path = out.join(name);
        fs::read(&path).with_context(|| format!("reading {}", path.display()))
    };
    Ok(Bindgen {
        js: read(&format!("{APP_PACKAGE}.js"))?,
        wasm: read(&format!("{APP_PACKAGE}_bg.wasm"))?,
        split_loader: split.loader.clone(),
        chunks: split.chunks.clone(),
    })
}

/// A wasm module without its custom sections. wasm-bindgen strips the main module's names and
/// producers, but the chunks come straight from the splitter, where the function names alone
/// are a third of each file; nothing at run time reads them.
fn without_custom_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    const HEADER: usize = 8; // magic and version
    if wasm.len() < HEADER || &wasm[..4] != b"\0asm" {
        bail!("not a wasm module");
    }
    let mut out = wasm[..HEADER].to_vec();
    let mut at = HEADER;
    while at < wasm.len() {
        let id = wasm[at];
        let (len, body) = leb128_u32(wasm, at + 1)?;
        let end = body.checked_add(len as usize).filter(|&end| end <= wasm.len());
        let end = end.with_context(|| format!("section {id} at byte {at} runs past the end"))?;
        if id != 0 {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok(out)
}

/// An unsigned LEB128 number at `at`, and the offset after it.
fn leb128_u32(bytes: &[u8], mut at: usize) -> Result<(u32, usize)> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).context("a section length runs past the end")?;
        at += 1;
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    bail!("a section length is longer than five bytes")
}

#[cfg(test)]
mod tests {
    use super::without_custom_sections;

    #[test]
    fn custom_sections_go_and_the_others_stay_byte_for_byte() {
        let type_section = [1, 4, 1, 0x60, 0, 0];
        let custom = [0, 5, 4, b'n', b'a', b'm', b'e'];
        // A custom section whose length needs two LEB128 bytes (130).
        let mut long_custom = vec![0, 0x82, 0x01, 4, b'l', b'o', b'n', b'g'];
        long_custom.resize(3 + 130, 0xaa);
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&custom);
        wasm.extend_from_slice(&type_section);
        wasm.extend_from_slice(&long_custom);
        let stripped = without_custom_sections(&wasm).expect("valid module");
        assert_eq!(stripped, [b"\0asm\x01\0\0\0".as_slice(), &type_section].concat());
        assert!(without_custom_sections(b"\0asm\x01\0\0\0\x01\x09").is_err(), "a section past the end");
        assert!(without_custom_sections(b"notwasm!").is_err());
    }
}
