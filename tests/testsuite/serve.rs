//! `tiltak serve` on a free port of 127.0.0.1: it serves the output folder with the right
//! content types, adds the live-reload script only to what it serves, keeps requests inside
//! the folder, and tells waiting pages about each rebuild; it answers nothing of the site to
//! a request for another host, and no client can hold it with an oversized or half-sent
//! request head.

use crate::common::files_under;
use crate::watch::{next_build, observations, recorder, report_of, Fixture};
use std::fs;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use tiltak::serve::{Limits, Serve, EVENTS_PATH};
use tiltak::watch::Options;

/// An HTTP response, read whole.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Sends one request as written (so `..` reaches the server as it is) and reads the reply.
fn request(port: u16, method: &str, path: &str) -> Reply {
    let host = format!("127.0.0.1:{port}");
    request_for(port, &host, method, path)
}

/// [`request`] with the given `Host` header.
fn request_for(port: u16, host: &str, method: &str, path: &str) -> Reply {
    let raw = exchange(
        port,
        format!("{method} {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes(),
    )
    .unwrap();
    parse(&raw).expect("a complete HTTP response")
}

/// Sends `bytes` and reads until the server closes the connection. A guard of a minute
/// keeps a server that never closes from hanging the test: that shows as an error.
fn exchange(port: u16, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.write_all(bytes)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    Ok(raw)
}

/// A raw response parsed; `None` when it has no complete head.
fn parse(raw: &[u8]) -> Option<Reply> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path)
}

/// Starts `serve` on a free port and waits for its first build.
fn serve(fixture: &Fixture) -> (Serve, std::sync::mpsc::Receiver<crate::watch::Seen>) {
    let (on_rebuild, builds) = recorder();
    let serve = Serve::start(fixture.config.clone(), 0, Options::default(), on_rebuild).unwrap();
    let first = next_build(&builds);
    assert!(first.ok, "{}", first.line);
    (serve, builds)
}

/// [`serve`] with other limits than the defaults.
fn serve_with(fixture: &Fixture, limits: Limits) -> Serve {
    let (on_rebuild, builds) = recorder();
    let serve = Serve::start_with_limits(
        fixture.config.clone(),
        0,
        Options::default(),
        limits,
        on_rebuild,
    )
    .unwrap();
    let first = next_build(&builds);
    assert!(first.ok, "{}", first.line);
    serve
}

/// The served page without the live-reload script.
fn without_script(html: &str) -> String {
    let start = html
        .find("<script>/* added by `tiltak serve`")
        .expect("the reload script is in the served page");
    let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn the_index_page_answers_200_with_the_reload_script_that_the_file_on_disk_does_not_have() {
    let mut fixture = Fixture::new();
    // An image among the static files, and an address so the site has a sitemap: every kind
    // of file a site can hold.
    fs::write(
        fixture.config.static_dir.join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    fixture.config.base_url = Some("https://example.github.io/tiltak/".into());
    let (serve, _builds) = serve(&fixture);
    let port = serve.port();
    assert_ne!(port, 0);
    assert_eq!(serve.url(), format!("http://127.0.0.1:{port}/"));

    let index = get(port, "/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(index.header("Cache-Control"), Some("no-store"));
    assert_eq!(index.header("X-Content-Type-Options"), Some("nosniff"));
    let served = index.text();
    assert!(served.contains(EVENTS_PATH), "the page polls for rebuilds");
    let on_disk = fs::read_to_string(fixture.site("index.html")).unwrap();
    assert!(
        !on_disk.contains("__tiltak"),
        "the published file has no script"
    );
    assert_eq!(
        without_script(&served),
        on_disk,
        "the page is the file plus the script"
    );
    assert_eq!(get(port, "/index.html").text(), served);

    // Every kind of file the site has, with its content type.
    let files = files_under(&fixture.config.out_dir);
    let first = |extension: &str| {
        files
            .iter()
            .find(|f| f.ends_with(extension))
            .unwrap_or_else(|| panic!("the site has a .{extension} file"))
            .clone()
    };
    for (extension, kind) in [
        ("css", "text/css; charset=utf-8"),
        ("svg", "image/svg+xml"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
        ("xml", "application/xml"),
    ] {
        let path = first(extension);
        let reply = get(port, &format!("/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Content-Type"), Some(kind), "{path}");
        assert_eq!(
            reply.header("X-Content-Type-Options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            reply.body,
            fs::read(fixture.site(&path)).unwrap(),
            "{path} as on disk"
        );
    }
    assert_eq!(get(port, "/data/observations.csv").status, 200);

    // A folder: redirected to its address with `/`, so relative links work, then its index.
    let folder = get(port, "/fylker");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location"), Some("/fylker/"));
    assert_eq!(folder.header("X-Content-Type-Options"), Some("nosniff"));
    let folder = get(port, "/fylker/");
    assert_eq!(folder.status, 200);
    assert_eq!(
        without_script(&folder.text()),
        fs::read_to_string(fixture.site("fylker/index.html")).unwrap()
    );

    // Missing pages get the site's own 404 page.
    let missing = get(port, "/finnes-ikke.html");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(
        without_script(&missing.text()),
        fs::read_to_string(fixture.site("404.html")).unwrap()
    );

    // Nothing outside the folder is served.
    fs::write(fixture.dir.path().join("secret.txt"), "secret").unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/fylker/../../secret.txt",
        "/..%2fsecret.txt",
    ] {
        let reply = get(port, path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.text().contains("secret"), "{path}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            fixture.dir.path().join("secret.txt"),
            fixture.site("link.txt"),
        )
        .unwrap();
        assert_eq!(
            get(port, "/link.txt").status,
            404,
            "a link out of the folder"
        );
    }

    assert_eq!(request(port, "HEAD", "/").status, 200);
    assert!(request(port, "HEAD", "/").body.is_empty());
    let post = request(port, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow"), Some("GET, HEAD"));
    assert_eq!(post.header("X-Content-Type-Options"), Some("nosniff"));
    serve.stop();
}

#[test]
fn a_rebuild_sends_a_reload_event_and_a_failed_one_sends_its_error() {
    let fixture = Fixture::new();
    let (serve, builds) = serve(&fixture);
    let port = serve.port();

    let state = get(port, EVENTS_PATH).json();
    let token = state["token"].as_str().unwrap().to_string();
    assert!(state["error"].is_null());

    // A page waits for the next build...
    let since = format!("{EVENTS_PATH}?since={token}");
    let waiting = std::thread::spawn(move || get(port, &since));
    fs::write(
        fixture.content("tiltaksdeltakere-2023.txt"),
        report_of(2023),
    )
    .unwrap();
    assert!(next_build(&builds).ok);
    // ... and hears of it: a new state without an error means "reload".
    let reply = waiting.join().unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    assert_eq!(reply.header("Cache-Control"), Some("no-store"));
    assert_eq!(reply.header("X-Content-Type-Options"), Some("nosniff"));
    let event = reply.json();
    let reloaded = event["token"].as_str().unwrap().to_string();
    assert_ne!(reloaded, token, "a new build");
    assert!(event["error"].is_null(), "{event}");
    assert!(observations(&fixture).contains("2023-01"));
    assert!(get(port, "/data/observations.csv")
        .text()
        .contains("2023-01"));

    // A failed rebuild sends its error, which the page shows over itself.
    let since = format!("{EVENTS_PATH}?since={reloaded}");
    let waiting = std::thread::spawn(move || get(port, &since));
    let broken = report_of(2023).replacen("Oslo\t428\t", "Oslo\t4O8\t", 1);
    fs::write(fixture.content("tiltaksdeltakere-2023.txt"), broken).unwrap();
    assert!(!next_build(&builds).ok);
    let event = waiting.join().unwrap().json();
    assert_ne!(event["token"].as_str().unwrap(), reloaded);
    let error = event["error"].as_str().expect("the error is sent");
    assert!(error.contains("tiltaksdeltakere-2023.txt:29:6"), "{error}");
    assert!(error.contains("`4O8`, which is not a number"), "{error}");
    // A page opened now shows the error at once, over the last good site.
    let page = get(port, "/").text();
    assert!(
        page.contains("4O8"),
        "the error is in the served page's state"
    );
    assert!(!fs::read_to_string(fixture.site("index.html"))
        .unwrap()
        .contains("4O8"));
    serve.stop();
}

#[test]
fn a_request_for_another_host_is_refused_and_sees_nothing_of_the_site() {
    let fixture = Fixture::new();
    let (serve, _builds) = serve(&fixture);
    let port = serve.port();
    let refused = |reply: &Reply, what: &str| {
        assert_eq!(reply.status, 421, "{what}");
        assert_eq!(
            reply.header("Content-Type"),
            Some("text/plain; charset=utf-8"),
            "{what}"
        );
        assert_eq!(reply.header("X-Content-Type-Options"), Some("nosniff"));
        let text = reply.text();
        assert!(
            text.starts_with(&format!(
                "tiltak serve answers only requests addressed to 127.0.0.1:{port} or \
                 localhost:{port}"
            )),
            "{what}: {text}"
        );
        // Nothing of a page, a data file or the build state.
        for site_text in ["<", "Desember 2022", "Oslo", "token"] {
            assert!(!text.contains(site_text), "{what}: {text}");
        }
    };

    // A page whose owner pointed its name at 127.0.0.1 (DNS rebinding) sends that name, with
    // or without the port; other local names and ports are refused as well.
    let hosts = [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
    ];
    for host in &hosts {
        for path in [
            "/",
            "/index.html",
            "/data/observations.csv",
            "/finnes-ikke.html",
            EVENTS_PATH,
        ] {
            refused(
                &request_for(port, host, "GET", path),
                &format!("{host} {path}"),
            );
        }
    }
    // No Host at all, and two of them.
    let raw = exchange(port, b"GET / HTTP/1.0\r\n\r\n").unwrap();
    refused(&parse(&raw).unwrap(), "no Host");
    let two = format!("GET / HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n");
    let raw = exchange(port, two.as_bytes()).unwrap();
    refused(&parse(&raw).unwrap(), "two Hosts");
    // A host named in the request line counts, whatever the header says.
    let absolute =
        format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let raw = exchange(port, absolute.as_bytes()).unwrap();
    refused(&parse(&raw).unwrap(), "a foreign host in the request line");

    // The server's own names are served.
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let reply = request_for(port, &host, "GET", "/");
        assert_eq!(reply.status, 200, "{host}");
        assert!(reply.text().contains("Desember 2022"), "{host}");
    }
    serve.stop();
}

#[test]
fn a_request_with_an_oversized_head_is_refused() {
    let fixture = Fixture::new();
    let (serve, _builds) = serve(&fixture);
    let port = serve.port();
    let with_filler = |size: usize| {
        format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Filler: {}\r\nConnection: close\r\n\r\n",
            "a".repeat(size)
        )
    };

    // A head a little over the limit of 16 KiB.
    match exchange(port, with_filler(17 * 1024).as_bytes()) {
        // The server answers 431 and closes the connection...
        Ok(raw) if !raw.is_empty() => {
            let reply = parse(&raw).expect("a complete HTTP response");
            assert_eq!(reply.status, 431);
            assert!(!reply.text().contains("Desember 2022"));
        }
        Ok(_) => {}
        // ... which a client still sending can see as a reset instead of the answer.
        Err(error) => assert!(
            matches!(
                error.kind(),
                ErrorKind::ConnectionReset | ErrorKind::BrokenPipe | ErrorKind::ConnectionAborted
            ),
            "the server closes the connection: {error}"
        ),
    }

    // A head under the limit is served.
    let raw = exchange(port, with_filler(15 * 1024).as_bytes()).unwrap();
    let reply = parse(&raw).expect("a complete HTTP response");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("Desember 2022"));
    serve.stop();
}

#[test]
fn a_connection_that_does_not_send_a_whole_head_in_time_is_closed() {
    let fixture = Fixture::new();
    // The timeout lowered from its 10 s so the test need not wait that long.
    let limits = Limits {
        header_read_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let serve = serve_with(&fixture, limits);
    let port = serve.port();

    // A request line and its Host, but never the empty line that ends the head; then a
    // connection that sends nothing at all.
    let half = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for (what, sent) in [("half a head", half.as_bytes()), ("nothing", &b""[..])] {
        // `exchange` reads until the server closes; its own guard would show as an error.
        let raw = exchange(port, sent).unwrap_or_else(|error| {
            panic!("the server closes a connection that sent {what}: {error}")
        });
        // Closed without an answer, or with a 408 at most: never with the page.
        if !raw.is_empty() {
            let reply = parse(&raw).expect("a complete HTTP response");
            assert_eq!(reply.status, 408, "{what}");
        }
    }

    // Other connections are served as before.
    assert_eq!(get(port, "/").status, 200);
    serve.stop();
}

/// Evaluates a JavaScript expression in the tab; `None` while the page is reloading.
fn eval(tab: &headless_chrome::Tab, expression: &str) -> Option<serde_json::Value> {
    tab.evaluate(expression, false).ok().and_then(|r| r.value)
}

/// Polls an expression in the tab until it is `true`, up to the deadline.
fn eventually_in(tab: &headless_chrome::Tab, what: &str, expression: &str) {
    crate::watch::eventually(what, || {
        eval(tab, expression) == Some(serde_json::Value::Bool(true))
    });
}

#[test]
fn a_page_open_in_chromium_reloads_after_a_rebuild_and_shows_a_failed_one() {
    if !crate::common::chromium_or_skip("live-reload browser test") {
        return;
    }
    let fixture = Fixture::new();
    let (serve, builds) = serve(&fixture);
    let profile = tempfile::tempdir().unwrap();
    let args: Vec<&std::ffi::OsStr> = [
        "--disable-quic",
        "--disable-component-update",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
        "--disable-gpu",
        "--disable-extensions",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(crate::common::CHROMIUM.into()))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile.path().to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .unwrap();
    let browser = headless_chrome::Browser::new(options).expect("chromium starts");
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&serve.url()).unwrap();
    tab.wait_until_navigated().unwrap();
    eventually_in(
        &tab,
        "the page shows the seed's last month",
        "document.body.innerText.includes('Desember 2022')",
    );
    // A mark that a reload wipes out.
    eval(&tab, "window.tiltakTestMark = 1").unwrap();

    fs::write(
        fixture.content("tiltaksdeltakere-2023.txt"),
        report_of(2023),
    )
    .unwrap();
    assert!(next_build(&builds).ok);
    eventually_in(
        &tab,
        "the page reloads itself and shows the new month",
        "window.tiltakTestMark === undefined && document.readyState === 'complete' \
         && document.body.innerText.includes('Desember 2023')",
    );

    eval(&tab, "window.tiltakTestMark = 2").unwrap();
    let broken = report_of(2023).replacen("Oslo\t428\t", "Oslo\t4O8\t", 1);
    fs::write(fixture.content("tiltaksdeltakere-2023.txt"), broken).unwrap();
    assert!(!next_build(&builds).ok);
    eventually_in(
        &tab,
        "the error shows over the page, without a reload",
        "window.tiltakTestMark === 2 && !!document.getElementById('tiltak-serve-error') \
         && document.getElementById('tiltak-serve-error').textContent.includes('`4O8`, which is not a number')",
    );

    fs::write(
        fixture.content("tiltaksdeltakere-2023.txt"),
        report_of(2023),
    )
    .unwrap();
    assert!(next_build(&builds).ok);
    eventually_in(
        &tab,
        "the fixed build reloads the page, without the error",
        "window.tiltakTestMark === undefined && document.readyState === 'complete' \
         && !document.getElementById('tiltak-serve-error')",
    );
    drop(browser);
    serve.stop();
}
