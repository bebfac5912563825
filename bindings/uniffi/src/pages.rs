//! Pages (uniffi has no generic records, so one record per item type) and the lazy pagers whose
//! `next()` returns the next page, or null after the last one.

/// One page record and one pager object for an item type (invoked by `generated.rs`).
macro_rules! page_and_pager {
    ($page:ident, $pager:ident, $item:ty) => {
        /// One page of a list.
        #[derive(Debug, Clone, uniffi::Record)]
        pub struct $page {
            pub items: Vec<$item>,
            /// Pass as `cursor` for the next page; null on the last page and in numbered lists.
            pub next_cursor: Option<String>,
            /// A numbered list's (the MCP servers') next page: pass as `page_no`; null on the last page.
            pub next_page_no: Option<u64>,
            pub total_pages: u64,
            pub current_page: u64,
            pub total_items: u64,
        }

        impl From<composio::Page<$item>> for $page {
            fn from(p: composio::Page<$item>) -> Self {
                Self {
                    next_cursor: p.next().map(str::to_string),
                    next_page_no: p.next_page_no(),
                    items: p.items,
                    total_pages: p.total_pages,
                    current_page: p.current_page,
                    total_items: p.total_items,
                }
            }
        }

        /// Every page of a list, fetched one `next()` at a time; a failed page is fetched again by the
        /// next call.
        #[derive(uniffi::Object)]
        pub struct $pager(std::sync::Arc<tokio::sync::Mutex<composio::Pager<$item>>>);

        impl $pager {
            pub(crate) fn new(pager: composio::Pager<$item>) -> std::sync::Arc<Self> {
                std::sync::Arc::new(Self(std::sync::Arc::new(tokio::sync::Mutex::new(pager))))
            }

            fn next_call(
                &self,
            ) -> impl std::future::Future<Output = composio::Result<Option<$page>>> {
                let pager = self.0.clone();
                async move { Ok(pager.lock().await.next_page().await?.map(Into::into)) }
            }
        }

        #[uniffi::export]
        impl $pager {
            /// The next page, or null after the last one.
            pub async fn next(&self) -> Result<Option<$page>, $crate::error::ComposioError> {
                Ok(composio::runtime::run_on_shared(self.next_call()).await?)
            }

            pub fn next_blocking(&self) -> Result<Option<$page>, $crate::error::ComposioError> {
                Ok(composio::runtime::block_on_shared(self.next_call())?)
            }
        }
    };
}

pub(crate) use page_and_pager;
