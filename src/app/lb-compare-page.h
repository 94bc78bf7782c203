/* lb-compare-page.h — the Compare page: the losses side by side (empty state for now).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_COMPARE_PAGE (lb_compare_page_get_type ())

G_DECLARE_FINAL_TYPE (LbComparePage, lb_compare_page, LB, COMPARE_PAGE, AdwBin)

G_END_DECLS
