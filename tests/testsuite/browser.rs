//! Real-browser checks: builds the seed site and opens every page in headless Chromium, at a
//! desktop and a phone width, in light and dark colour schemes.
//!
//! Per page it fails on: a console error or uncaught exception, an `<img>` that did not load,
//! a stylesheet that did not load or is not applied, a page that overflows sideways at phone
//! width, and an inline SVG chart without `role="img"`, without a name or with zero size.
//! Every failure is printed as it is found; the test fails once, at the end, with the list.
//!
//! Full-page screenshots are saved as artefacts under `target/screenshots/<width>/<page>.png`
//! (`CARGO_TARGET_DIR` in place of `target` when set); a sample of pages, a few of each kind,
//! also in dark mode under `target/screenshots/dark-<width>/`.
//!
//! Needs `/usr/bin/chromium` (`apt-get install -y chromium`). Without it the test says
//! `SKIPPED: ...` on stderr and returns, except under `CI`, where it fails.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};

const CHROMIUM: &str = "/usr/bin/chromium";

/// The widths every page is opened at, with the window height.
const VIEWPORTS: [(u32, u32); 2] = [(1280, 900), (375, 800)];

/// The phone width, at which the page itself must not scroll sideways.
const PHONE_WIDTH: u32 = 375;

/// Runs in the page after it has loaded; returns a JSON array of problems (strings).
/// It reads the page and changes nothing.
const PAGE_CHECKS: &str = r#"(() => {
  const problems = [];

  // Images.
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) {
      problems.push(`image did not load: ${img.getAttribute('src')}`);
    }
  }

  // Stylesheets: linked, loaded, and ours applied.
  const links = [...document.querySelectorAll('link[rel~="stylesheet"]')];
  if (links.length === 0) problems.push('no <link rel="stylesheet">');
  for (const link of links) {
    if (!link.sheet) problems.push(`stylesheet did not load: ${link.getAttribute('href')}`);
  }
  if (document.styleSheets.length === 0) problems.push('document.styleSheets is empty');
  const header = document.querySelector('.site-header');
  if (!header) {
    problems.push('no .site-header');
  } else if (getComputedStyle(header).display !== 'flex') {
    problems.push('static/style.css not applied: .site-header is not display:flex');
  }
  if (getComputedStyle(document.body).marginTop !== '0px') {
    problems.push('static/style.css not applied: body keeps its default margin');
  }

  // Phone viewport.
  const viewport = document.querySelector('meta[name="viewport"]');
  if (!viewport || !/width=device-width/.test(viewport.content)) {
    problems.push('no <meta name="viewport" content="width=device-width, ...">');
  }

  // Inline SVG charts (outermost <svg> elements; aria-hidden ones are decoration).
  const svgs = [...document.querySelectorAll('svg')]
    .filter((svg) => !(svg.parentElement && svg.parentElement.closest('svg')));
  svgs.forEach((svg, i) => {
    if (svg.getAttribute('aria-hidden') === 'true') return;
    const name = svg.id ? `svg#${svg.id}` : `svg number ${i + 1}`;
    if (svg.getAttribute('role') !== 'img') problems.push(`${name} has no role="img"`);
    const title = svg.querySelector(':scope > title');
    const label = (title && title.textContent.trim())
      || svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby');
    if (!label) problems.push(`${name} has no <title> or aria-label`);
    const box = svg.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) {
      problems.push(`${name} renders at ${box.width}x${box.height} px`);
    }
  });

  return JSON.stringify(problems);
})()"#;

/// Measures the page: `[scrollWidth, clientWidth, innerWidth, full height, widest element]`.
const PAGE_SIZE: &str = r#"(() => {
  const root = document.documentElement;
  const height = Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0);
  let widest = '';
  if (root.scrollWidth > root.clientWidth) {
    // Name the outermost element sticking out, to say what to fix.
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      if (right > root.clientWidth + 0.5) {
        const cls = el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        widest = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} reaches ${Math.round(right)} px`;
        break;
      }
    }
  }
  return JSON.stringify([root.scrollWidth, root.clientWidth, window.innerWidth, height, widest]);
})()"#;

#[test]
fn every_page_renders_cleanly_in_chromium() {
    let chromium = Path::new(CHROMIUM);
    if !chromium.exists() {
        let in_ci = std::env::var("CI")
            .map(|v| !v.is_empty() && v != "false" && v != "0")
            .unwrap_or(false);
        if in_ci {
            panic!(
                "the browser test needs {CHROMIUM}, and CI installs it (apt-get install -y chromium)"
            );
        }
        eprintln!("SKIPPED: browser test needs /usr/bin/chromium (apt-get install chromium)");
        return;
    }
    let started = Instant::now();

    // Build the seed site.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("a temporary folder");
    let site = out.path().join("site");
    tiltak::build(&tiltak::Config {
        content_dir: root.join("content"),
        out_dir: site.clone(),
        static_dir: root.join("static"),
        base_url: None,
    })
    .expect("the seed content builds");
    let pages = html_pages(&site);
    assert!(
        pages.len() >= 10,
        "expected the seed site to have pages, found {pages:?}"
    );

    let dark_sample = sample_of_each_kind(&pages);
    let shots = screenshot_dir(&root);
    // Keep the browser's profile in a fresh folder; declared before the browser so that the
    // browser is shut down first.
    let profile = tempfile::tempdir().expect("a temporary profile folder");
    let browser = launch(chromium, profile.path());
    let tab = browser.new_tab().expect("a browser tab");
    tab.set_default_timeout(Duration::from_secs(20));

    // Console errors, uncaught exceptions and failed loads (the Log domain reports those).
    let console: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&console);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let message = match event {
            Event::RuntimeConsoleAPICalled(e)
                if e.params.Type == Runtime::ConsoleAPICalledEventTypeOption::Error =>
            {
                let args: Vec<String> = e
                    .params
                    .args
                    .iter()
                    .map(|a| {
                        a.value
                            .as_ref()
                            .map(|v| v.to_string())
                            .or_else(|| a.description.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                Some(format!("console.error: {}", args.join(" ")))
            }
            Event::RuntimeExceptionThrown(e) => {
                let d = &e.params.exception_details;
                let what = d
                    .exception
                    .as_ref()
                    .and_then(|x| x.description.clone())
                    .unwrap_or_else(|| d.text.clone());
                Some(format!("uncaught exception: {what}"))
            }
            Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                let entry = &e.params.entry;
                match &entry.url {
                    Some(url) => Some(format!("console error: {} ({url})", entry.text)),
                    None => Some(format!("console error: {}", entry.text)),
                }
            }
            _ => None,
        };
        if let Some(message) = message {
            sink.lock().unwrap().push(message);
        }
    }))
    .expect("an event listener");
    tab.enable_runtime().expect("the Runtime domain");
    tab.enable_log().expect("the Log domain");
    tab.call_method(Emulation::SetScrollbarsHidden { hidden: true })
        .expect("scrollbars hidden, as on a phone");

    let mut failures: Vec<String> = Vec::new();
    let (mut loading, mut shooting) = (Duration::ZERO, Duration::ZERO);
    let mut fail = |page: &str, label: &str, why: String| {
        let line = format!("{page} [{label}]: {why}");
        eprintln!("FAIL {line}");
        failures.push(line);
    };

    for dark in [false, true] {
        set_colour_scheme(&tab, dark);
        for (width, height) in VIEWPORTS {
            let label = if dark {
                format!("dark {width}px")
            } else {
                format!("{width}px")
            };
            set_viewport(&tab, width, height);
            let folder = shots.join(if dark {
                format!("dark-{width}")
            } else {
                width.to_string()
            });
            let _ = std::fs::remove_dir_all(&folder);

            for page in &pages {
                // Dark mode only restyles colours: a few pages of each kind suffice.
                if dark && !dark_sample.contains(page) {
                    continue;
                }
                console.lock().unwrap().clear();
                let url = file_url(&site.join(page));
                let t = Instant::now();
                let opened = open(&tab, &url);
                loading += t.elapsed();
                if let Err(why) = opened {
                    fail(page, &label, why);
                    continue;
                }

                // The checks are the same in both colour schemes; run them once per width.
                if !dark {
                    match eval_json::<Vec<String>>(&tab, PAGE_CHECKS) {
                        Ok(problems) => {
                            for problem in problems {
                                fail(page, &label, problem);
                            }
                        }
                        Err(why) => fail(page, &label, format!("could not check the page: {why}")),
                    }
                }

                let (scroll_width, client_width, inner_width, full_height, widest) =
                    match eval_json::<(f64, f64, f64, f64, String)>(&tab, PAGE_SIZE) {
                        Ok(size) => size,
                        Err(why) => {
                            fail(page, &label, format!("could not measure the page: {why}"));
                            continue;
                        }
                    };
                if width == PHONE_WIDTH
                    && (scroll_width > client_width || scroll_width > inner_width)
                {
                    fail(
                        page,
                        &label,
                        format!(
                            "the page scrolls sideways: scrollWidth {scroll_width} > \
                             {client_width} px wide viewport ({widest})"
                        ),
                    );
                }

                let png = folder.join(Path::new(page).with_extension("png"));
                let t = Instant::now();
                if let Err(why) = screenshot(&tab, width, full_height, &png) {
                    fail(page, &label, format!("no screenshot: {why}"));
                }
                shooting += t.elapsed();

                for message in console.lock().unwrap().drain(..) {
                    fail(page, &label, message);
                }
            }
        }
    }

    eprintln!(
        "browser test: {} pages × {} widths, {} of them in dark mode too, in {:.1} s \
         (loading {:.1} s, screenshots {:.1} s); screenshots in {}",
        pages.len(),
        VIEWPORTS.len(),
        dark_sample.len(),
        started.elapsed().as_secs_f64(),
        loading.as_secs_f64(),
        shooting.as_secs_f64(),
        shots.display()
    );
    drop(tab);
    drop(browser);

    assert!(
        failures.is_empty(),
        "{} problem(s) in the browser:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// Starts headless Chromium with no network chatter of its own.
fn launch(chromium: &Path, profile: &Path) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-quic",
        "--disable-component-update",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
        "--disable-gpu",
        "--disable-extensions",
        "--mute-audio",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .window_size(Some(VIEWPORTS[0]))
        .user_data_dir(Some(profile.to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("valid launch options");
    Browser::new(options).unwrap_or_else(|e| panic!("{CHROMIUM} did not start: {e:#}"))
}

fn set_viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: false,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("the viewport size");
}

fn set_colour_scheme(tab: &Tab, dark: bool) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: if dark { "dark" } else { "light" }.into(),
        }]),
    })
    .expect("the colour scheme");
}

/// Navigates and waits until the new document has loaded (not the old one still showing).
fn open(tab: &Tab, url: &str) -> Result<(), String> {
    // Mark the document now showing, so that the wait below cannot mistake it for the new one.
    let _ = tab.evaluate("window.__tiltakOldPage = true", false);
    tab.navigate_to(url)
        .map_err(|e| format!("navigation failed: {e:#}"))?;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let state = tab
            .evaluate(
                "window.__tiltakOldPage ? 'old' : document.readyState",
                false,
            )
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_str().map(str::to_owned));
        if state.as_deref() == Some("complete") {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("did not finish loading (state {state:?})"));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Evaluates an expression that returns a JSON string, and parses it.
fn eval_json<T: serde::de::DeserializeOwned>(tab: &Tab, expression: &str) -> Result<T, String> {
    let result = tab
        .evaluate(expression, false)
        .map_err(|e| format!("{e:#}"))?;
    let text = result
        .value
        .as_ref()
        .and_then(|v| v.as_str())
        .ok_or_else(|| format!("not a string: {result:?}"))?;
    serde_json::from_str(text).map_err(|e| format!("{e}: {text}"))
}

/// A full-page PNG of what the tab shows.
fn screenshot(tab: &Tab, width: u32, height: f64, path: &Path) -> Result<(), String> {
    let png = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Page::Viewport {
                x: 0.0,
                y: 0.0,
                width: f64::from(width),
                height: height.max(1.0),
                scale: 1.0,
            }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: Some(true),
        })
        .map_err(|e| format!("{e:#}"))?
        .data;
    use base64_decode::decode;
    let bytes = decode(&png).ok_or("the screenshot is not base64")?;
    std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Where screenshots go: `<target>/screenshots`.
fn screenshot_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_relative() {
                root.join(dir)
            } else {
                dir
            }
        })
        .unwrap_or_else(|| root.join("target"))
        .join("screenshots")
}

/// Every `.html` file of the site, relative, with `/`, sorted.
fn html_pages(site: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    pages.sort();
    pages
}

/// A few pages of each kind: every top-level page, every `index.html`, and the first page of
/// each folder.
fn sample_of_each_kind(pages: &[String]) -> Vec<String> {
    let mut seen_folders = std::collections::BTreeSet::new();
    pages
        .iter()
        .filter(|page| match page.rsplit_once('/') {
            None => true,
            Some((folder, name)) => seen_folders.insert(folder.to_owned()) || name == "index.html",
        })
        .cloned()
        .collect()
}

/// A `file://` URL for an absolute path, percent-encoding what needs it.
fn file_url(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !path.starts_with('/') {
        url.push('/');
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// Standard base64, without a dependency of its own for it.
mod base64_decode {
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let mut buffer = 0u32;
        let mut bits = 0;
        for byte in text.bytes() {
            let value = match byte {
                b'A'..=b'Z' => byte - b'A',
                b'a'..=b'z' => byte - b'a' + 26,
                b'0'..=b'9' => byte - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' => break,
                b'\r' | b'\n' => continue,
                _ => return None,
            };
            buffer = (buffer << 6) | u32::from(value);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
                buffer &= (1 << bits) - 1;
            }
        }
        Some(out)
    }
}
