/* test-table-text.c — a results table as CSV, Markdown and LaTeX, character for character:
 * the quoting of each, and the characters each reads otherwise.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-csv.h"
#include "lb-table-text.h"

static const char *const header[] = { "Loss", "IoU", "HD95 (px)" };
static const char *const cells[] = {
  "Tversky (α 0.3, β 0.7) ×3", "0.9012 ± 0.0040", "4.21",
  "A|B, \"quoted\"", "−0.5 … 1", "100% & 50_1",
};

static void
test_csv (void)
{
  g_autofree char *text = lb_table_text (header, 3, cells, 2, LB_TABLE_CSV);
  g_assert_cmpstr (text, ==,
                   "Loss,IoU,HD95 (px)\r\n"
                   "\"Tversky (α 0.3, β 0.7) ×3\",0.9012 ± 0.0040,4.21\r\n"
                   "\"A|B, \"\"quoted\"\"\",−0.5 … 1,100% & 50_1\r\n");
  /* It reads back as it was. */
  g_autoptr (GPtrArray) rows = lb_csv_parse (text, -1, NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[0], ==, "A|B, \"quoted\"");
}

static void
test_markdown (void)
{
  g_autofree char *text = lb_table_text (header, 3, cells, 2, LB_TABLE_MARKDOWN);
  g_assert_cmpstr (text, ==,
                   "| Loss | IoU | HD95 (px) |\n"
                   "|---|---:|---:|\n"
                   "| Tversky (α 0.3, β 0.7) ×3 | 0.9012 ± 0.0040 | 4.21 |\n"
                   "| A\\|B, \"quoted\" | −0.5 … 1 | 100% & 50_1 |\n");
}

static void
test_latex (void)
{
  g_autofree char *text = lb_table_text (header, 3, cells, 2, LB_TABLE_LATEX);
  g_assert_cmpstr (text, ==,
                   "\\begin{tabular}{lrr}\n"
                   "\\toprule\n"
                   "Loss & IoU & HD95 (px) \\\\\n"
                   "\\midrule\n"
                   "Tversky ($\\alpha$ 0.3, $\\beta$ 0.7) $\\times$3 & 0.9012 $\\pm$ 0.0040 & "
                   "4.21 \\\\\n"
                   "A|B, \"quoted\" & $-$0.5 \\ldots{} 1 & 100\\% \\& 50\\_1 \\\\\n"
                   "\\bottomrule\n"
                   "\\end{tabular}\n");
}

static void
test_format_names (void)
{
  LbTableFormat format;
  for (LbTableFormat f = LB_TABLE_CSV; f <= LB_TABLE_LATEX; f++)
    {
      g_assert_true (lb_table_format_from_string (lb_table_format_to_string (f), &format));
      g_assert_cmpint (format, ==, f);
    }
  g_assert_false (lb_table_format_from_string ("html", &format));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/table-text/csv", test_csv);
  g_test_add_func ("/table-text/markdown", test_markdown);
  g_test_add_func ("/table-text/latex", test_latex);
  g_test_add_func ("/table-text/format-names", test_format_names);
  return g_test_run ();
}
