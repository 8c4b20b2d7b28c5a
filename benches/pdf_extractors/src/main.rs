use std::time::Instant;

fn main() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("out");
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let file = std::path::Path::new(&path);
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        // LibreOffice's PDFs sit in writer/ under the same names as ours.
        let name = match file.parent().and_then(|p| p.file_name()) {
            Some(dir) if dir == "writer" => format!("writer-{stem}"),
            _ => stem,
        };
        let runs = 20;
        let extractors: Vec<(&str, Box<dyn Fn(&[u8]) -> Result<Vec<String>, String>>)> = vec![
            ("pdf-extract", Box::new(|b: &[u8]| pdf_extract::extract_text_from_mem_by_pages(b).map_err(|e| e.to_string()))),
            ("lopdf", Box::new(|b: &[u8]| {
                let doc = lopdf::Document::load_mem(b).map_err(|e| e.to_string())?;
                doc.get_pages().keys().map(|&n| doc.extract_text(&[n]).map_err(|e| e.to_string())).collect()
            })),
            ("pdf_oxide", Box::new(|b: &[u8]| {
                let doc = pdf_oxide::document::PdfDocument::from_bytes(b.to_vec()).map_err(|e| e.to_string())?;
                let n = doc.page_count().map_err(|e| e.to_string())?;
                (0..n).map(|i| doc.extract_text(i).map_err(|e| e.to_string())).collect()
            })),
        ];
        for (label, f) in &extractors {
            let start = Instant::now();
            let mut result = Err(String::new());
            for _ in 0..runs { result = f(&bytes); }
            let ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
            match result {
                Ok(pages) => {
                    let dir = out.join(label);
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(dir.join(format!("{name}.txt")), pages.join("\n\u{c}")).unwrap();
                    println!("{label}\t{name}\t{ms:.2} ms\t{} pages", pages.len());
                }
                Err(e) => println!("{label}\t{name}\terror {e}"),
            }
        }
    }
}
