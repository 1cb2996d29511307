//! Cutting a long reply into messages that fit a platform's limit.

/// Cuts `text` into pieces of at most `limit`, measured by `len` per character
/// (Telegram counts UTF-16 units, Discord characters): at line breaks where
/// possible, then at whitespace, never inside a character. Blank pieces are
/// dropped, as platforms refuse empty messages.
pub(crate) fn split(text: &str, limit: usize, len: fn(char) -> usize) -> Vec<String> {
    let measure = |s: &str| s.chars().map(len).sum::<usize>();
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for line in text.split_inclusive('\n') {
        let line_len = measure(line);
        if current_len + line_len > limit && !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
            current_len = 0;
        }
        if line_len <= limit {
            current.push_str(line);
            current_len += line_len;
            continue;
        }
        let mut pieces = split_line(line, limit, len);
        if let Some(last) = pieces.pop() {
            chunks.extend(pieces);
            current_len = measure(&last);
            current = last;
        }
    }
    chunks.push(current);
    chunks
        .into_iter()
        .map(|c| c.trim_matches('\n').to_owned())
        .filter(|c| !c.trim().is_empty())
        .collect()
}

/// Splits one over-long line, preferring the last whitespace in each piece.
fn split_line(line: &str, limit: usize, len: fn(char) -> usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while rest.chars().map(len).sum::<usize>() > limit {
        let mut fits = 0;
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units + len(c) > limit {
                break;
            }
            units += len(c);
            fits = i + c.len_utf8();
        }
        let cut = rest[..fits]
            .rfind(char::is_whitespace)
            .filter(|&at| at > fits / 2)
            .map_or(fits, |at| at + 1);
        pieces.push(rest[..cut].to_owned());
        rest = &rest[cut..];
    }
    pieces.push(rest.to_owned());
    pieces
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn an_overlong_line_prefers_whitespace() {
        let text = format!("{} {}", "a".repeat(8), "b".repeat(8));
        assert_eq!(split(&text, 10, |_| 1), ["aaaaaaaa ", "bbbbbbbb"]);
    }
}
