pub mod strftime;
