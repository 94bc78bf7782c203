/* lb-data-page.h — the Data page: browse a dataset's images and masks (empty state for now).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_DATA_PAGE (lb_data_page_get_type ())

G_DECLARE_FINAL_TYPE (LbDataPage, lb_data_page, LB, DATA_PAGE, AdwBin)

G_END_DECLS
