//! Compares the pixels of PNG files pairwise (every frame of an animated
//! PNG as a viewer shows it: each frame's rectangle drawn over the page so
//! far, as claimsmap's frames are meant), whatever their encoding: `same_pixels A B [A B ...]`. Prints each
//! pair that differs and exits 1 if any does. Used by
//! `tools/compare-maps.sh` to check that an encoder change kept every pixel.

use std::fs::File;
use std::io::BufReader;

/// Every frame of `path` as shown, as RGBA8 rows, with the image size.
fn frames(path: &str) -> (u32, u32, Vec<Vec<u8>>) {
    let mut decoder = png::Decoder::new(BufReader::new(File::open(path).expect("PNG file")));
    decoder.set_transformations(png::Transformations::normalize_to_color8() | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("PNG header");
    let (w, h) = (reader.info().width, reader.info().height);
    let count = reader.info().animation_control().map_or(1, |a| a.num_frames);
    let mut out = Vec::new();
    let mut page = vec![0u8; (w * h * 4) as usize];
    for _ in 0..count {
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("PNG frame");
        buf.truncate(info.buffer_size());
        let (fw, x, y) = match reader.info().frame_control() {
            Some(fc) => (fc.width as usize, fc.x_offset as usize, fc.y_offset as usize),
            None => (w as usize, 0, 0),
        };
        for (row, line) in buf.chunks_exact(fw * 4).enumerate() {
            let at = ((y + row) * w as usize + x) * 4;
            page[at..at + fw * 4].copy_from_slice(line);
        }
        out.push(page.clone());
    }
    (w, h, out)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut differ = false;
    for pair in args.chunks(2) {
        let [a, b] = pair else { panic!("pairs of files") };
        if frames(a) != frames(b) {
            println!("pixels differ: {a} {b}");
            differ = true;
        }
    }
    std::process::exit(i32::from(differ));
}
