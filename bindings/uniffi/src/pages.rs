//! Pages (uniffi has no generic records, so one record per item type) and the lazy pagers whose
//! `next()` returns the next page, or null after the last one.

use std::sync::Arc;

use composio::runtime::{block_on_shared, run_on_shared};
use composio::{Page, Pager, Project, Tool, Toolkit};
use tokio::sync::Mutex;

use crate::error::ComposioError;

macro_rules! page_and_pager {
    ($page:ident, $pager:ident, $item:ty) => {
        /// One page of a list.
        #[derive(Debug, Clone, uniffi::Record)]
        pub struct $page {
            pub items: Vec<$item>,
            /// Pass as `cursor` for the next page; null on the last page.
            pub next_cursor: Option<String>,
            pub total_pages: u64,
            pub current_page: u64,
            pub total_items: u64,
        }

        impl From<Page<$item>> for $page {
            fn from(p: Page<$item>) -> Self {
                Self {
                    next_cursor: p.next().map(str::to_string),
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
        pub struct $pager(Arc<Mutex<Pager<$item>>>);

        impl $pager {
            pub(crate) fn new(pager: Pager<$item>) -> Arc<Self> {
                Arc::new(Self(Arc::new(Mutex::new(pager))))
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
            pub async fn next(&self) -> Result<Option<$page>, ComposioError> {
                Ok(run_on_shared(self.next_call()).await?)
            }

            pub fn next_blocking(&self) -> Result<Option<$page>, ComposioError> {
                Ok(block_on_shared(self.next_call())?)
            }
        }
    };
}

page_and_pager!(ToolPage, ToolPager, Tool);
page_and_pager!(ToolkitPage, ToolkitPager, Toolkit);
page_and_pager!(ProjectPage, ProjectPager, Project);
