//! `composio-emulator [--host 127.0.0.1] [--port 0]`: prints one JSON line with the base URL and seeded
//! credentials, then serves until killed.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};

use clap::Parser;
use composio_emulator::Emulator;

#[derive(Parser, Debug)]
#[command(
    name = "composio-emulator",
    about = "Local emulator of the Composio REST API"
)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let emulator = Emulator::start_on(SocketAddr::new(args.host, args.port)).await?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", emulator.info_json())?;
    stdout.flush()?;
    drop(stdout);
    std::future::pending::<()>().await;
    Ok(())
}
