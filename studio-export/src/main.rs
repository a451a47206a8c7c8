//! studio-export: decodes auditlogs and vmprofiles — its decoders arrive with the observability issue.

fn main() {
    eprintln!("studio-export: no decoders yet; auditlog and vmprofile support arrive with the observability issue");
    std::process::exit(2);
}
