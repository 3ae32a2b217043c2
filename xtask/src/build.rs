//! `cargo xtask build`: compile the app, run wasm-bindgen, assemble `dist/`.

use crate::{APP_PACKAGE, Paths, WASM_PROFILE, WASM_TARGET, cargo, dist};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The JS glue and the wasm module as wasm-bindgen produced them, before fingerprinting.
pub struct Bindgen {
    pub js: Vec<u8>,
    pub wasm: Vec<u8>,
}

pub fn run(paths: &Paths) -> Result<()> {
    let wasm = compile(paths)?;
    let bindgen = bindgen(paths, &wasm)?;
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

/// Runs wasm-bindgen (as a library, so its version is pinned by `Cargo.lock` to match the
/// `wasm-bindgen` crate the app links) for the `web` target.
fn bindgen(paths: &Paths, wasm: &Path) -> Result<Bindgen> {
    let out = paths.target.join("xtask-bindgen");
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    println!("running wasm-bindgen …");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(APP_PACKAGE)
        .web(true)
        .context("selecting wasm-bindgen's web target")?
        .omit_default_module_path(false)
        .typescript(false)
        .debug(false)
        .remove_name_section(true)
        .remove_producers_section(true)
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
    Ok(Bindgen { js: read(&format!("{APP_PACKAGE}.js"))?, wasm: read(&format!("{APP_PACKAGE}_bg.wasm"))? })
}
