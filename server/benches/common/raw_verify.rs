//! The reference every sign-in figure is held against: OpenSSL verifying a P-256/SHA-256
//! signature over the 69 bytes an assertion signs, public key parsed once. Measured in the
//! same run as the figure, since this machine's speed drifts between runs. Also the process
//! CPU clock both benches read their per-sign-in CPU figures from.

use std::time::{Duration, Instant};

use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::sign::{Signer, Verifier};

pub const VERIFY_TIME: Duration = Duration::from_secs(3);

/// Verifications per second on the calling thread, and how many were made.
pub fn raw_verify_rate() -> (f64, usize) {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let public = PKey::public_key_from_der(&key.public_key_to_der().unwrap()).unwrap();
    // authenticatorData (37 bytes) ‖ SHA-256(clientDataJSON), like an assertion.
    let message = [0x5a_u8; 69];
    let mut signer = Signer::new(MessageDigest::sha256(), &key).unwrap();
    signer.update(&message).unwrap();
    let signature = signer.sign_to_vec().unwrap();
    let started = Instant::now();
    let mut n = 0;
    while started.elapsed() < VERIFY_TIME {
        for _ in 0..100 {
            let mut verifier = Verifier::new(MessageDigest::sha256(), &public).unwrap();
            verifier.update(&message).unwrap();
            assert!(verifier.verify(&signature).unwrap());
        }
        n += 100;
    }
    (n as f64 / started.elapsed().as_secs_f64(), n)
}

pub fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// The machine's whole verify capacity: `raw_verify_rate` on every core at once, summed.
/// Answers (rate, threads); a concurrent server can at best approach this.
pub fn all_cores_verify_rate() -> (f64, usize) {
    let threads = cpus();
    let rate = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(raw_verify_rate)).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap().0)
            .sum::<f64>()
    });
    (rate, threads)
}

/// CPU seconds (utime + stime, all threads) a process has used so far; `"self"` or a pid.
pub fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) may hold spaces, so count from after its closing ')'.
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (USER_HZ=100).
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU seconds the calling thread has used so far.
pub fn thread_cpu_seconds() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut now) };
    now.tv_sec as f64 + now.tv_nsec as f64 / 1e9
}
