//! Plain text, for the 広報 summary an editor pastes into a layout program: UTF-8 with a BOM
//! and CRLF line ends, which Windows editors open as Japanese without guessing.

/// The bytes of `text`.
pub fn write(text: &str) -> Vec<u8> {
    let text = text.replace('\n', "\r\n");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}
