#![allow(clippy::print_stdout)]
fn main() {
    let t = std::time::Instant::now();
    let opts = logcheck::CheckOptions::default();
    let r = logcheck::check_path("samples/web-service.conf", &opts);
    let e = t.elapsed();
    let t2 = std::time::Instant::now();
    let r2 = logcheck::check_path("samples/web-service.conf", &opts);
    let e2 = t2.elapsed();
    println!(
        "{} {} cold {:.1} us warm {:.1} us",
        r.diagnostics.len(),
        r2.diagnostics.len(),
        e.as_secs_f64() * 1e6,
        e2.as_secs_f64() * 1e6
    );
}
