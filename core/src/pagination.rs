//! Lazy pagination: a pager fetches one page at a time and follows `next_cursor` until it is null or empty.

use std::collections::VecDeque;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::Stream;

use crate::error::{Error, ErrorKind, Result};
use crate::models::Page;

type FetchPage<T> =
    Arc<dyn Fn(Option<String>) -> BoxFuture<'static, Result<Page<T>>> + Send + Sync>;

/// Walks every page of a list, fetching each only when asked. After an error the same page is
/// fetched again on the next call, so a caller may retry without skipping or repeating items.
pub struct Pager<T> {
    fetch: FetchPage<T>,
    cursor: Cursor,
    buffer: VecDeque<T>,
    /// Where the next page is: `next_cursor`, or the next page number for numbered pages.
    next_of: fn(&Page<T>) -> Option<String>,
}

/// Where a walk over pages stands: the cursor of the next page, until the last page. A failed page is
/// fetched again; a server that hands back the cursor it was given is stopped.
pub(crate) struct Cursor {
    next: Option<String>,
    done: bool,
}

impl Cursor {
    pub fn new(first: Option<String>) -> Self {
        Self {
            next: first,
            done: false,
        }
    }

    /// The cursor to fetch with (`Some(None)` for the first page), or `None` after the last page.
    pub fn take(&mut self) -> Option<Option<String>> {
        (!self.done).then(|| self.next.take())
    }

    /// The page fetched with `sent` failed: fetch it again next time.
    pub fn failed(&mut self, sent: Option<String>) {
        self.next = sent;
    }

    /// The page fetched with `sent` said `next` (empty counts as none).
    pub fn advance(&mut self, sent: Option<&str>, next: Option<&str>) -> Result<()> {
        match next.filter(|n| !n.is_empty()) {
            // A server that hands back the cursor it was given would loop forever: stop loudly.
            Some(next) if Some(next) == sent => {
                self.done = true;
                Err(Error::new(
                    ErrorKind::Decode,
                    "the server returned the same next_cursor again; stopped to avoid an endless loop",
                ))
            }
            Some(next) => {
                self.next = Some(next.to_string());
                Ok(())
            }
            None => {
                self.done = true;
                Ok(())
            }
        }
    }
}

impl<T: Send + 'static> Pager<T> {
    pub(crate) fn new(
        first_cursor: Option<String>,
        fetch: impl Fn(Option<String>) -> BoxFuture<'static, Result<Page<T>>> + Send + Sync + 'static,
    ) -> Self {
        Self {
            fetch: Arc::new(fetch),
            cursor: Cursor::new(first_cursor),
            buffer: VecDeque::new(),
            next_of: |page| page.next().map(str::to_string),
        }
    }

    /// A pager over numbered pages (`page_no`): its cursor is the page number, and the next page is
    /// `current_page + 1` while `current_page < total_pages`.
    pub(crate) fn numbered(
        first_page: Option<String>,
        fetch: impl Fn(Option<String>) -> BoxFuture<'static, Result<Page<T>>> + Send + Sync + 'static,
    ) -> Self {
        Self {
            next_of: |page| page.next_page_no().map(|n| n.to_string()),
            ..Self::new(first_page, fetch)
        }
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>> {
        let Some(cursor) = self.cursor.take() else {
            return Ok(None);
        };
        match (self.fetch)(cursor.clone()).await {
            Ok(page) => {
                let next = (self.next_of)(&page);
                self.cursor.advance(cursor.as_deref(), next.as_deref())?;
                Ok(Some(page))
            }
            Err(e) => {
                self.cursor.failed(cursor);
                Err(e)
            }
        }
    }

    /// The next item across pages, or `None` after the last item of the last page.
    pub async fn next_item(&mut self) -> Result<Option<T>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Ok(Some(item));
            }
            match self.next_page().await? {
                Some(page) => self.buffer.extend(page.items),
                None => return Ok(None),
            }
        }
    }

    /// Every item of every page, in order (for the lists a caller wants whole).
    pub async fn all(mut self) -> Result<Vec<T>> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await? {
            items.extend(page.items);
        }
        Ok(items)
    }

    /// Every item of every page as a stream; it ends after the first error.
    pub fn into_stream(self) -> impl Stream<Item = Result<T>> + Send + 'static {
        futures_util::stream::unfold(Some(self), |state| async move {
            let mut pager = state?;
            match pager.next_item().await {
                Ok(Some(item)) => Some((Ok(item), Some(pager))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        })
    }
}
