/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_outline.c — outline_parse on a realistic draft (Đề án chuyển đổi số), Markdown,
 * parts, diacritic-less and NFD keywords, things that only look like headings, edge cases
 * (empty, no headings, 1 MB lines, deep nesting) and the source invariant on random input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gopy/buf.h"
#include "gopy/outline.h"

/* The expected shape of one node. */
struct want {
	int level;
	const char *label;
	const char *heading;
	int parent;
	int depth;
};

/* Structural invariants every outline must satisfy, whatever the input. */
static void check_invariants(const char *text, size_t len, const struct outline *o)
{
	struct buf all = {0};
	assert_non_null(o->title);
	for (size_t i = 0; i < o->n; i++) {
		const struct outline_node *nd = &o->nodes[i];
		assert_true(nd->level >= LEVEL_PREAMBLE && nd->level < LEVEL_COUNT);
		assert_non_null(nd->label);
		assert_non_null(nd->heading);
		assert_non_null(nd->body);
		assert_non_null(nd->source);
		assert_true(nd->parent >= -1 && nd->parent < (int)i);
		if (nd->parent < 0)
			assert_int_equal(nd->depth, 0);
		else
			assert_int_equal(nd->depth, o->nodes[nd->parent].depth + 1);
		/* the preamble can only come first and has no label */
		if (nd->level == LEVEL_PREAMBLE) {
			assert_int_equal(i, 0);
			assert_string_equal(nd->label, "");
			assert_string_equal(nd->heading, "");
		}
		/* the body is a piece of the source, without blank first or last line */
		size_t bl = strlen(nd->body);
		assert_non_null(strstr(nd->source, nd->body));
		if (bl) {
			assert_true(nd->body[0] != '\n' && nd->body[bl - 1] != '\n');
		}
		/* headings are trimmed */
		size_t hl = strlen(nd->heading);
		if (hl) {
			assert_true(nd->heading[0] != ' ' && nd->heading[hl - 1] != ' ');
		}
		assert_true(strlen(nd->source) > 0);
		buf_append(&all, nd->source, strlen(nd->source));
	}
	/* concatenated sources reproduce the input byte for byte */
	assert_int_equal(all.len, len);
	if (len)
		assert_memory_equal(all.data, text, len);
	buf_free(&all);
}

static void parse(const char *text, struct outline *o)
{
	assert_int_equal(outline_parse(text, strlen(text), o), 0);
	check_invariants(text, strlen(text), o);
}

static void expect_tree(const struct outline *o, const struct want *w, size_t n)
{
	for (size_t i = 0; i < n && i < o->n; i++) {
		const struct outline_node *nd = &o->nodes[i];
		if (nd->level != w[i].level || strcmp(nd->label, w[i].label) != 0 ||
		    strcmp(nd->heading, w[i].heading) != 0 || nd->parent != w[i].parent ||
		    nd->depth != w[i].depth)
			fail_msg("node %zu: got %s \"%s\" \"%s\" parent %d depth %d; want %s \"%s\" \"%s\" "
			         "parent %d depth %d", i, section_level_code(nd->level), nd->label,
			         nd->heading, nd->parent, nd->depth, section_level_code(w[i].level),
			         w[i].label, w[i].heading, w[i].parent, w[i].depth);
	}
	assert_int_equal(o->n, n);
}

#define EXPECT_TREE(o, ...)                                                   \
	do {                                                                  \
		const struct want w_[] = { __VA_ARGS__ };                     \
		expect_tree(o, w_, sizeof w_ / sizeof w_[0]);                 \
	} while (0)

static const char draft[] =
	"ỦY BAN NHÂN DÂN\n"
	"TỈNH VĨNH PHÚC\n"
	"\n"
	"DỰ THẢO\n"
	"\n"
	"ĐỀ ÁN\n"
	"Chuyển đổi số, hoàn thiện chính quyền điện tử hướng tới chính quyền số, phát triển dịch vụ "
	"đô thị thông minh, kinh tế số, xã hội số tỉnh Vĩnh Phúc giai đoạn 2021 - 2025, định hướng "
	"đến năm 2030\n"
	"\n"
	"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
	"Căn cứ Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII;\n"
	"1. Danh mục viết tắt: CĐS là chuyển đổi số.\n"
	"\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"\n"
	"Điều 1. Phạm vi và đối tượng áp dụng\n"
	"1. Đề án này quy định mục tiêu, nhiệm vụ và giải pháp chuyển đổi số của tỉnh.\n"
	"2. Đối tượng áp dụng gồm:\n"
	"a) Các sở, ban, ngành cấp tỉnh;\n"
	"b) Ủy ban nhân dân các huyện, thành phố;\n"
	"đ) Doanh nghiệp và người dân.\n"
	"\n"
	"Điều 2. Giải thích từ ngữ\n"
	"Trong Đề án này, các từ ngữ dưới đây được hiểu như sau:\n"
	"1) Chuyển đổi số là quá trình thay đổi tổng thể và toàn diện.\n"
	"2) Chính quyền số là chính quyền hoạt động trên dữ liệu số.\n"
	"\n"
	"CHƯƠNG II\n"
	"MỤC TIÊU VÀ NHIỆM VỤ\n"
	"\n"
	"Mục 1\n"
	"MỤC TIÊU\n"
	"\n"
	"Điều 3. Mục tiêu đến năm 2025\n"
	"Xây dựng chính quyền điện tử tỉnh thuộc top 15 địa phương tốt nhất cả nước.\n"
	"Mục tiêu cụ thể được nêu tại Phụ lục, theo Điều 5. của Luật Giao dịch điện tử.\n"
	"Điều này được thực hiện theo lộ trình.\n"
	"Điều 5 của Luật Công nghệ thông tin cũng áp dụng.\n"
	"\n"
	"Mục 2\n"
	"NHIỆM VỤ VÀ GIẢI PHÁP\n"
	"\n"
	"Điều 4: Phát triển hạ tầng số\n"
	"1. Đầu tư hạ tầng công nghệ thông tin đồng bộ, hiện đại:\n"
	"a) Trung tâm dữ liệu của tỉnh;\n"
	"b) Mạng truyền số liệu chuyên dùng.\n"
	"   Ưu tiên các huyện miền núi.\n"
	"2. Thành lập trung tâm an ninh an toàn mạng.\n"
	"\n"
	"Điều 5 . Nguồn lực thực hiện\n"
	"Ngân sách nhà nước và xã hội hóa.\n"
	"\n"
	"Chương III\n"
	"TỔ CHỨC THỰC HIỆN\n"
	"Dieu 6. Trach nhiem thi hanh\n"
	"Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành.\n";

static void test_draft_tree(void **state)
{
	(void)state;
	struct outline o;
	parse(draft, &o);
	EXPECT_TREE(&o,
		{ LEVEL_PREAMBLE, "", "", -1, 0 },
		{ LEVEL_CHAPTER, "Chương I", "QUY ĐỊNH CHUNG", -1, 0 },
		{ LEVEL_ARTICLE, "Điều 1", "Phạm vi và đối tượng áp dụng", 1, 1 },
		{ LEVEL_CLAUSE, "Khoản 1", "Đề án này quy định mục tiêu, nhiệm vụ và giải pháp chuyển đổi số của tỉnh.", 2, 2 },
		{ LEVEL_CLAUSE, "Khoản 2", "Đối tượng áp dụng gồm:", 2, 2 },
		{ LEVEL_POINT, "Điểm a", "Các sở, ban, ngành cấp tỉnh;", 4, 3 },
		{ LEVEL_POINT, "Điểm b", "Ủy ban nhân dân các huyện, thành phố;", 4, 3 },
		{ LEVEL_POINT, "Điểm đ", "Doanh nghiệp và người dân.", 4, 3 },
		{ LEVEL_ARTICLE, "Điều 2", "Giải thích từ ngữ", 1, 1 },
		{ LEVEL_CLAUSE, "Khoản 1", "Chuyển đổi số là quá trình thay đổi tổng thể và toàn diện.", 8, 2 },
		{ LEVEL_CLAUSE, "Khoản 2", "Chính quyền số là chính quyền hoạt động trên dữ liệu số.", 8, 2 },
		{ LEVEL_CHAPTER, "Chương II", "MỤC TIÊU VÀ NHIỆM VỤ", -1, 0 },
		{ LEVEL_SECTION, "Mục 1", "MỤC TIÊU", 11, 1 },
		{ LEVEL_ARTICLE, "Điều 3", "Mục tiêu đến năm 2025", 12, 2 },
		{ LEVEL_SECTION, "Mục 2", "NHIỆM VỤ VÀ GIẢI PHÁP", 11, 1 },
		{ LEVEL_ARTICLE, "Điều 4", "Phát triển hạ tầng số", 14, 2 },
		{ LEVEL_CLAUSE, "Khoản 1", "Đầu tư hạ tầng công nghệ thông tin đồng bộ, hiện đại:", 15, 3 },
		{ LEVEL_POINT, "Điểm a", "Trung tâm dữ liệu của tỉnh;", 16, 4 },
		{ LEVEL_POINT, "Điểm b", "Mạng truyền số liệu chuyên dùng.", 16, 4 },
		{ LEVEL_CLAUSE, "Khoản 2", "Thành lập trung tâm an ninh an toàn mạng.", 15, 3 },
		{ LEVEL_ARTICLE, "Điều 5", "Nguồn lực thực hiện", 14, 2 },
		{ LEVEL_CHAPTER, "Chương III", "TỔ CHỨC THỰC HIỆN", -1, 0 },
		{ LEVEL_ARTICLE, "Điều 6", "Trach nhiem thi hanh", 21, 1 },
	);

	/* the preamble: everything before "Chương I", numbered line included, trimmed */
	const struct outline_node *pre = &o.nodes[0];
	assert_true(strncmp(pre->body, "ỦY BAN NHÂN DÂN\nTỈNH VĨNH PHÚC\n\nDỰ THẢO", 40) == 0);
	assert_non_null(strstr(pre->body, "\n1. Danh mục viết tắt: CĐS là chuyển đổi số."));
	assert_true(pre->body[strlen(pre->body) - 1] == '.');
	assert_true(strncmp(pre->source, draft, strlen(pre->source)) == 0);
	/* title: the first non-empty line */
	assert_string_equal(o.title, "ỦY BAN NHÂN DÂN");
	/* chapter I: heading taken from the next line, body empty; the source has both lines */
	assert_string_equal(o.nodes[1].body, "");
	assert_string_equal(o.nodes[1].source, "Chương I\nQUY ĐỊNH CHUNG\n\n");
	/* article 2 body is the sentence before its first clause */
	assert_string_equal(o.nodes[8].body, "Trong Đề án này, các từ ngữ dưới đây được hiểu như sau:");
	/* article 3: mentions of Điều inside the body are not headings */
	assert_string_equal(o.nodes[13].body,
		"Xây dựng chính quyền điện tử tỉnh thuộc top 15 địa phương tốt nhất cả nước.\n"
		"Mục tiêu cụ thể được nêu tại Phụ lục, theo Điều 5. của Luật Giao dịch điện tử.\n"
		"Điều này được thực hiện theo lộ trình.\n"
		"Điều 5 của Luật Công nghệ thông tin cũng áp dụng.");
	/* a continuation line stays with its point */
	assert_string_equal(o.nodes[18].body, "   Ưu tiên các huyện miền núi.");
	assert_string_equal(o.nodes[18].source, "b) Mạng truyền số liệu chuyên dùng.\n   Ưu tiên các huyện miền núi.\n");
	assert_string_equal(o.nodes[20].body, "Ngân sách nhà nước và xã hội hóa.");
	/* chapter III's heading line is followed directly by an article */
	assert_string_equal(o.nodes[21].source, "Chương III\nTỔ CHỨC THỰC HIỆN\n");
	assert_string_equal(o.nodes[22].body, "Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành.");
	outline_free(&o);
	assert_null(o.nodes);
	assert_int_equal(o.n, 0);
}

static void test_markdown(void **state)
{
	(void)state;
	struct outline o;
	parse("# Dự thảo Nghị quyết về chuyển đổi số\n"
	      "\n"
	      "Lời nói đầu.\n"
	      "\n"
	      "## Chương I. QUY ĐỊNH CHUNG\n"
	      "\n"
	      "### Điều 1. Phạm vi điều chỉnh ###\n"
	      "Nội dung.\n"
	      "1. Khoản một.\n"
	      "\n"
	      "**Điều 2. Đối tượng áp dụng**\n"
	      "a) Điểm ngay dưới điều.\n"
	      "**Điều 3.** Tổ chức thực hiện\n"
	      "\n"
	      "## Phụ lục\n"
	      "### 1. Bảng biểu\n"
	      "1. Không phải khoản: ngoài điều.\n"
	      "#### Chi tiết\n"
	      "####### bảy dấu thăng là văn bản\n"
	      "#không phải tiêu đề\n"
	      "## Chương II\n"
	      "## QUY ĐỊNH KHÁC\n"
	      "Điều 9: Hiệu lực\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_HEADING, "", "Dự thảo Nghị quyết về chuyển đổi số", -1, 0 },
		{ LEVEL_CHAPTER, "Chương I", "QUY ĐỊNH CHUNG", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 1", "Phạm vi điều chỉnh", 1, 2 },
		{ LEVEL_CLAUSE, "Khoản 1", "Khoản một.", 2, 3 },
		{ LEVEL_ARTICLE, "Điều 2", "Đối tượng áp dụng", 1, 2 },
		{ LEVEL_POINT, "Điểm a", "Điểm ngay dưới điều.", 4, 3 },
		{ LEVEL_ARTICLE, "Điều 3", "Tổ chức thực hiện", 1, 2 },
		{ LEVEL_HEADING, "", "Phụ lục", 0, 1 },
		{ LEVEL_HEADING, "", "1. Bảng biểu", 7, 2 },
		{ LEVEL_HEADING, "", "Chi tiết", 8, 3 },
		{ LEVEL_CHAPTER, "Chương II", "QUY ĐỊNH KHÁC", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 9", "Hiệu lực", 10, 2 },
	);
	assert_string_equal(o.title, "Dự thảo Nghị quyết về chuyển đổi số");
	assert_string_equal(o.nodes[0].body, "Lời nói đầu.");
	assert_string_equal(o.nodes[2].body, "Nội dung.");
	assert_string_equal(o.nodes[8].body, "1. Không phải khoản: ngoài điều.");
	assert_string_equal(o.nodes[9].body, "####### bảy dấu thăng là văn bản\n#không phải tiêu đề");
	outline_free(&o);
}

static void test_parts(void **state)
{
	(void)state;
	struct outline o;
	parse("PHẦN THỨ NHẤT\n"
	      "ĐÁNH GIÁ THỰC TRẠNG\n"
	      "Phần lớn doanh nghiệp chưa chuyển đổi số.\n"
	      "Phần mềm dùng chung đã triển khai.\n"
	      "Chương I\n"
	      "Hiện trạng hạ tầng\n"
	      "Điều 1. Hạ tầng\n"
	      "Phần thứ hai: Mục tiêu\n"
	      "Phần III. Giải pháp\n"
	      "Mục 1. Nhân lực\n"
	      "Điều 2. Đào tạo\n"
	      "Phan thu muoi hai\n"
	      "Phần thứ hai của đề án nêu mục tiêu.\n"
	      "phần 4 - Tổ chức\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_PART, "Phần thứ nhất", "ĐÁNH GIÁ THỰC TRẠNG", -1, 0 },
		{ LEVEL_CHAPTER, "Chương I", "Hiện trạng hạ tầng", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 1", "Hạ tầng", 1, 2 },
		{ LEVEL_PART, "Phần thứ hai", "Mục tiêu", -1, 0 },
		{ LEVEL_PART, "Phần III", "Giải pháp", -1, 0 },
		{ LEVEL_SECTION, "Mục 1", "Nhân lực", 4, 1 },
		{ LEVEL_ARTICLE, "Điều 2", "Đào tạo", 5, 2 },
		{ LEVEL_PART, "Phần thứ mười hai", "", -1, 0 },
		{ LEVEL_PART, "Phần 4", "Tổ chức", -1, 0 },
	);
	assert_string_equal(o.nodes[0].body,
		"Phần lớn doanh nghiệp chưa chuyển đổi số.\nPhần mềm dùng chung đã triển khai.");
	/* a sentence is not taken as the heading of the line before */
	assert_string_equal(o.nodes[7].body, "Phần thứ hai của đề án nêu mục tiêu.");
	outline_free(&o);
}

static void test_tolerant_keywords(void **state)
{
	(void)state;
	struct outline o;
	parse("CHUONG iv\n"
	      "\n"
	      "Quy định chung\n"
	      "DIEU 7. Viết hoa không dấu\n"
	      "điều 8: viết thường\n"
	      "ĐIỀU 9 . Chữ hoa có dấu\n"
	      "Đie\xcc\x82\xcc\x80u 10. Dạng NFD\n"
	      "Điều 10a. Điều bổ sung\n"
	      "Điều 11 – Gạch ngang dài\n"
	      "Điều 12\n"
	      "CHƯƠNG V - QUY ĐỊNH KHÁC\n"
	      "Chương VI QUY ĐỊNH CUỐI\n"
	      "Mục II\n"
	      "\n"
	      "\n"
	      "QUY ĐỊNH CHUYỂN TIẾP\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_CHAPTER, "Chương IV", "Quy định chung", -1, 0 },
		{ LEVEL_ARTICLE, "Điều 7", "Viết hoa không dấu", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 8", "viết thường", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 9", "Chữ hoa có dấu", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 10", "Dạng NFD", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 10a", "Điều bổ sung", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 11", "Gạch ngang dài", 0, 1 },
		{ LEVEL_ARTICLE, "Điều 12", "", 0, 1 },
		{ LEVEL_CHAPTER, "Chương V", "QUY ĐỊNH KHÁC", -1, 0 },
		{ LEVEL_CHAPTER, "Chương VI", "QUY ĐỊNH CUỐI", -1, 0 },
		{ LEVEL_SECTION, "Mục II", "QUY ĐỊNH CHUYỂN TIẾP", 9, 1 },
	);
	assert_string_equal(o.nodes[0].source, "CHUONG iv\n\nQuy định chung\n");
	outline_free(&o);
}

/* Lines that start like headings but are not. */
static void test_not_headings(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"Điều 5 của Luật này quy định rõ.",
		"Điều 5, Điều 6 được sửa đổi.",
		"Điều này áp dụng cho mọi cơ quan.",
		"Điều 5.1 được hiểu như sau.",
		"Điều 12345. Quá nhiều chữ số",
		"Điều5. Thiếu dấu cách",
		"Điều kiện thực hiện đề án.",
		"Theo Điều 5. Luật Đầu tư công",
		"Chương trình hành động của Tỉnh ủy.",
		"Chương II của Luật này.",
		"Mục tiêu tổng quát",
		"MỤC LỤC",
		"Mục đích, yêu cầu",
		"Phần mềm dùng chung",
		"Phần lớn ý kiến đồng ý.",
		"Phần di sản văn hóa",
		"Chương Ì",
		"#hashtag",
		"1. Danh sách ngoài điều",
		"a) Điểm ngoài điều",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct outline o;
		struct buf b = {0};
		buf_printf(&b, "Mở đầu.\n%s\nKết thúc.\n", lines[i]);
		parse(b.data, &o);
		if (o.n != 1 || o.nodes[0].level != LEVEL_PREAMBLE)
			fail_msg("\"%s\" was taken as a heading (%zu nodes)", lines[i], o.n);
		b.data[--b.len] = '\0'; /* the body is the input without its final newline */
		assert_string_equal(o.nodes[0].body, b.data);
		outline_free(&o);
		buf_free(&b);
	}
}

static void test_empty_and_plain(void **state)
{
	(void)state;
	struct outline o;

	assert_int_equal(outline_parse("", 0, &o), 0);
	assert_int_equal(o.n, 0);
	assert_string_equal(o.title, "");
	outline_free(&o);
	assert_int_equal(outline_parse(NULL, 0, &o), 0);
	assert_int_equal(o.n, 0);
	outline_free(&o);

	parse("\n\n  \n", &o); /* blank: one preamble node keeps the bytes */
	assert_int_equal(o.n, 1);
	assert_int_equal(o.nodes[0].level, LEVEL_PREAMBLE);
	assert_string_equal(o.nodes[0].body, "");
	assert_string_equal(o.title, "");
	outline_free(&o);

	parse("\n\nMột ý kiến góp ý.\n1. Không phải khoản.\n\nHết", &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.nodes[0].level, LEVEL_PREAMBLE);
	assert_string_equal(o.nodes[0].body, "Một ý kiến góp ý.\n1. Không phải khoản.\n\nHết");
	assert_string_equal(o.title, "Một ý kiến góp ý.");
	outline_free(&o);

	/* blank lines before the first heading make no preamble: they open its source */
	parse("\n\nĐiều 1. Một\n\n\n  Dòng một\n\nDòng hai\n\n\n", &o);
	EXPECT_TREE(&o, { LEVEL_ARTICLE, "Điều 1", "Một", -1, 0 });
	assert_string_equal(o.nodes[0].body, "  Dòng một\n\nDòng hai");
	assert_string_equal(o.title, "Điều 1. Một");
	outline_free(&o);

	/* no final newline; articles at top level one after another */
	parse("Điều 1. A\nĐiều 2. B", &o);
	EXPECT_TREE(&o, { LEVEL_ARTICLE, "Điều 1", "A", -1, 0 }, { LEVEL_ARTICLE, "Điều 2", "B", -1, 0 });
	assert_string_equal(o.nodes[1].source, "Điều 2. B");
	outline_free(&o);
}

static void test_long_lines(void **state)
{
	(void)state;
	const size_t big = 1024 * 1024;
	struct buf b = {0};
	struct outline o;

	buf_puts(&b, "Điều 1. ");
	for (size_t i = 0; i < big; i++)
		buf_putc(&b, (char)('a' + i % 26));
	buf_puts(&b, "\n1. ");
	for (size_t i = 0; i < big; i++)
		buf_puts(&b, i % 7 ? "ệ" : " ");
	buf_puts(&b, "\n");
	for (size_t i = 0; i < big; i++)
		buf_putc(&b, i % 5 ? 'x' : ' ');
	buf_puts(&b, "\nĐiều 2. Cuối");
	assert_int_equal(outline_parse(b.data, b.len, &o), 0);
	check_invariants(b.data, b.len, &o);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.nodes[0].level, LEVEL_ARTICLE);
	assert_int_equal(strlen(o.nodes[0].heading), big);
	assert_int_equal(o.nodes[1].level, LEVEL_CLAUSE);
	assert_int_equal(strlen(o.nodes[1].body), big);
	assert_int_equal(o.nodes[2].level, LEVEL_ARTICLE);
	assert_string_equal(o.nodes[2].heading, "Cuối");
	outline_free(&o);
	buf_free(&b);

	/* one 1 MB line with no newline and no heading */
	for (size_t i = 0; i < big; i++)
		buf_puts(&b, "Điều ");
	assert_int_equal(outline_parse(b.data, b.len, &o), 0);
	check_invariants(b.data, b.len, &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.nodes[0].level, LEVEL_PREAMBLE);
	outline_free(&o);
	buf_free(&b);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	struct outline o;
	parse("# H1\n## H2\n### H3\n#### H4\n##### H5\n###### H6\n"
	      "Phần I\nChương I\nMục 1\nĐiều 1.\n1. Khoản\na) Điểm\nb) Điểm\n2. Khoản\n"
	      "Chương II\nĐiều 2.\n"
	      "### H3b\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_HEADING, "", "H1", -1, 0 },
		{ LEVEL_HEADING, "", "H2", 0, 1 },
		{ LEVEL_HEADING, "", "H3", 1, 2 },
		{ LEVEL_HEADING, "", "H4", 2, 3 },
		{ LEVEL_HEADING, "", "H5", 3, 4 },
		{ LEVEL_HEADING, "", "H6", 4, 5 },
		{ LEVEL_PART, "Phần I", "", 5, 6 },
		{ LEVEL_CHAPTER, "Chương I", "", 6, 7 },
		{ LEVEL_SECTION, "Mục 1", "", 7, 8 },
		{ LEVEL_ARTICLE, "Điều 1", "", 8, 9 },
		{ LEVEL_CLAUSE, "Khoản 1", "Khoản", 9, 10 },
		{ LEVEL_POINT, "Điểm a", "Điểm", 10, 11 },
		{ LEVEL_POINT, "Điểm b", "Điểm", 10, 11 },
		{ LEVEL_CLAUSE, "Khoản 2", "Khoản", 9, 10 },
		{ LEVEL_CHAPTER, "Chương II", "", 6, 7 },
		{ LEVEL_ARTICLE, "Điều 2", "", 14, 8 },
		{ LEVEL_HEADING, "", "H3b", 1, 2 },
	);
	outline_free(&o);

	/* thousands of articles and clauses: flat, no stack growth */
	struct buf b = {0};
	for (int i = 1; i <= 5000; i++)
		buf_printf(&b, "Điều %d. Tên %d\n1. a\n2. b\na) c\n", i, i);
	parse(b.data, &o);
	assert_int_equal(o.n, 5000 * 4);
	assert_int_equal(o.nodes[4 * 4999].level, LEVEL_ARTICLE);
	assert_string_equal(o.nodes[4 * 4999].label, "Điều 5000");
	assert_int_equal(o.nodes[4 * 4999 + 3].parent, 4 * 4999 + 2);
	assert_int_equal(o.nodes[4 * 4999 + 3].depth, 2);
	outline_free(&o);
	buf_free(&b);
}

static void test_level_codes(void **state)
{
	(void)state;
	static const char *const want[] = {
		"preamble", "part", "chapter", "section", "article", "clause", "point", "heading",
		"roman", "decimal", "dash", "plus",
	};
	for (int i = 0; i < LEVEL_COUNT; i++)
		assert_string_equal(section_level_code(i), want[i]);
	assert_string_equal(section_level_code(-1), "?");
	assert_string_equal(section_level_code(LEVEL_COUNT), "?");
}

/* Random documents made of heading-like and hostile lines: the invariants always hold. */
static void test_random(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"Chương I", "CHƯƠNG II", "QUY ĐỊNH CHUNG", "Phần thứ nhất", "Phần II.", "Mục 1",
		"Điều 1. Tên", "**Điều 2.** Tên", "Dieu 3:", "Điều 4 .", "1. khoản", "2) khoản",
		"a) điểm", "đ) điểm", "# T", "## Chương III", "### x", "####### y", "", "   ", "\t",
		"văn bản thường", "Điều này", "**", "*", "#", "1.", "a)", "\xff\xfe", "\xe1\xbb",
		"\xcc\x80", "\r", "Đie\xcc\x82\xcc\x80u 5.", "Phần thứ mười", "  ## Chương IV ##",
	};
	const size_t np = sizeof pieces / sizeof pieces[0];
	unsigned seed = 2021;
	for (int round = 0; round < 3000; round++) {
		struct buf b = {0};
		int lines = rand_r(&seed) % 30;
		for (int i = 0; i < lines; i++) {
			int parts = 1 + rand_r(&seed) % 3;
			for (int k = 0; k < parts; k++)
				buf_puts(&b, pieces[(size_t)rand_r(&seed) % np]);
			if (rand_r(&seed) % 8)
				buf_putc(&b, '\n');
		}
		struct outline o;
		const char *t = b.data ? b.data : "";
		assert_int_equal(outline_parse(t, b.len, &o), 0);
		check_invariants(t, b.len, &o);
		outline_free(&o);
		buf_free(&b);
	}
	/* random bytes, NUL included (len is given explicitly) */
	for (int round = 0; round < 500; round++) {
		size_t len = (size_t)(rand_r(&seed) % 400);
		char *t = xmalloc(len + 1);
		for (size_t i = 0; i < len; i++)
			t[i] = (char)(rand_r(&seed) % 4 == 0 ? '\n' : rand_r(&seed) % 256);
		t[len] = '\0';
		struct outline o;
		assert_int_equal(outline_parse(t, len, &o), 0);
		/* sources are C strings, so only check the lengths when NULs are inside */
		size_t total = 0;
		for (size_t i = 0; i < o.n; i++)
			total += strlen(o.nodes[i].source);
		if (memchr(t, '\0', len) == NULL) {
			check_invariants(t, len, &o);
			assert_int_equal(total, len);
		}
		outline_free(&o);
		free(t);
	}
}


/* Rule: Roman items "I." "II -" "III)" "IV:" and "V TITLE IN CAPITALS" open the
 * administrative structure anywhere; the numbers continue their list. */
static void test_roman_items(void **state)
{
	(void)state;
	struct outline o;
	parse("Tiêu đề\n"
	      "I. MỘT\n"
	      "II - HAI\n"
	      "III) BA\n"
	      "IV: BỐN\n"
	      "V SÁU CHỮ HOA\n"
	      "VI Chữ thường thì không\n"
	      "C. Mác viết (C = 100 không nối tiếp V).\n"
	      "VI. I. Lê-nin (tên viết tắt)\n"
	      "VII.\n"
	      "TIÊU ĐỀ DÒNG SAU\n"
	      "XI. Bỏ quá ba số là văn bản\n"
	      "Ii. không phải số La Mã viết hoa\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_PREAMBLE, "", "", -1, 0 },
		{ LEVEL_ROMAN, "Mục I", "MỘT", -1, 0 },
		{ LEVEL_ROMAN, "Mục II", "HAI", -1, 0 },
		{ LEVEL_ROMAN, "Mục III", "BA", -1, 0 },
		{ LEVEL_ROMAN, "Mục IV", "BỐN", -1, 0 },
		{ LEVEL_ROMAN, "Mục V", "SÁU CHỮ HOA", -1, 0 },
		{ LEVEL_ROMAN, "Mục VII", "TIÊU ĐỀ DÒNG SAU", -1, 0 },
	);
	assert_string_equal(o.nodes[5].body, "VI Chữ thường thì không\nC. Mác viết (C = 100 không nối tiếp V).\n"
	                                     "VI. I. Lê-nin (tên viết tắt)");
	assert_string_equal(o.nodes[6].body, "XI. Bỏ quá ba số là văn bản\nIi. không phải số La Mã viết hoa");
	assert_string_equal(o.nodes[6].citation, "mục VII");
	outline_free(&o);
}

/* Rule: lettered divisions "A." "B -" "C)" (level above Roman items) need a title in capitals
 * or alone on their line, and follow the alphabet (A B C D Đ E, D may skip Đ); inside a part
 * they are its "mục A"; "C. Mác" and a lone "B." out of order stay text. */
static void test_letter_divisions(void **state)
{
	(void)state;
	struct outline o;
	parse("ĐỀ ÁN\n"
	      "A. MỞ ĐẦU\n"
	      "I. SỰ CẦN THIẾT\n"
	      "1. Bối cảnh.\n"
	      "C. Mác đã viết như vậy.\n"
	      "B - NỘI DUNG\n"
	      "I. MỤC TIÊU\n"
	      "D. NHẢY CÓC THÌ LÀ VĂN BẢN\n"
	      "C)\n"
	      "TỔ CHỨC THỰC HIỆN\n"
	      "D. KINH PHÍ\n"
	      "E. KẾT LUẬN\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_PREAMBLE, "", "", -1, 0 },
		{ LEVEL_PART, "Phần A", "MỞ ĐẦU", -1, 0 },
		{ LEVEL_ROMAN, "Mục I", "SỰ CẦN THIẾT", 1, 1 },
		{ LEVEL_CLAUSE, "Khoản 1", "Bối cảnh.", 2, 2 },
		{ LEVEL_PART, "Phần B", "NỘI DUNG", -1, 0 },
		{ LEVEL_ROMAN, "Mục I", "MỤC TIÊU", 4, 1 },
		{ LEVEL_PART, "Phần C", "TỔ CHỨC THỰC HIỆN", -1, 0 },
		{ LEVEL_PART, "Phần D", "KINH PHÍ", -1, 0 },
		{ LEVEL_PART, "Phần E", "KẾT LUẬN", -1, 0 },
	);
	assert_string_equal(o.nodes[3].body, "C. Mác đã viết như vậy.");
	assert_string_equal(o.nodes[5].body, "D. NHẢY CÓC THÌ LÀ VĂN BẢN");
	assert_string_equal(o.nodes[5].citation, "mục I Phần B");
	outline_free(&o);

	parse("Phần thứ nhất\nĐÁNH GIÁ\n"
	      "A. KẾT QUẢ\n"
	      "I. KINH TẾ\n"
	      "Phần thứ hai\nPHƯƠNG HƯỚNG\n"
	      "A. MỤC TIÊU\n"
	      "I. TỔNG QUÁT\n"
	      "B. NHIỆM VỤ\n"
	      "C. GIẢI PHÁP\n"
	      "D. TIẾN ĐỘ\n"
	      "Đ. KINH PHÍ\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_PART, "Phần thứ nhất", "ĐÁNH GIÁ", -1, 0 },
		{ LEVEL_PART, "Mục A", "KẾT QUẢ", 0, 1 },
		{ LEVEL_ROMAN, "Mục I", "KINH TẾ", 1, 2 },
		{ LEVEL_PART, "Phần thứ hai", "PHƯƠNG HƯỚNG", -1, 0 },
		{ LEVEL_PART, "Mục A", "MỤC TIÊU", 3, 1 },
		{ LEVEL_ROMAN, "Mục I", "TỔNG QUÁT", 4, 2 },
		{ LEVEL_PART, "Mục B", "NHIỆM VỤ", 3, 1 },
		{ LEVEL_PART, "Mục C", "GIẢI PHÁP", 3, 1 },
		{ LEVEL_PART, "Mục D", "TIẾN ĐỘ", 3, 1 },
		{ LEVEL_PART, "Mục Đ", "KINH PHÍ", 3, 1 },
	);
	assert_string_equal(o.nodes[1].citation, "mục A Phần thứ nhất");
	assert_string_equal(o.nodes[5].citation, "mục I mục A Phần thứ hai");
	assert_string_equal(o.nodes[9].citation, "mục Đ Phần thứ hai");
	outline_free(&o);
}

/* Rule: items ("1." "1.1." "a)" "-" "+") only inside a recognised heading or item. The
 * numbered "Căn cứ" list of a preamble and lists under other Markdown headings are text. */
static void test_items_need_structure(void **state)
{
	(void)state;
	struct outline o;
	parse("NGHỊ QUYẾT\n"
	      "Căn cứ các văn bản:\n"
	      "1. Luật Tổ chức chính quyền địa phương;\n"
	      "2. Luật Ngân sách nhà nước;\n"
	      "a) điểm trong căn cứ;\n"
	      "- gạch trong căn cứ;\n"
	      "1.1. số thập phân trong căn cứ.\n"
	      "I. NỘI DUNG\n"
	      "1. Khoản một\n"
	      "# Phụ lục\n"
	      "1. Không phải khoản\n"
	      "- Không phải gạch đầu dòng\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_PREAMBLE, "", "", -1, 0 },
		{ LEVEL_ROMAN, "Mục I", "NỘI DUNG", -1, 0 },
		{ LEVEL_CLAUSE, "Khoản 1", "Khoản một", 1, 1 },
		{ LEVEL_HEADING, "", "Phụ lục", -1, 0 },
	);
	assert_non_null(strstr(o.nodes[0].body, "1. Luật Tổ chức"));
	assert_non_null(strstr(o.nodes[0].body, "1.1. số thập phân"));
	assert_string_equal(o.nodes[3].body, "1. Không phải khoản\n- Không phải gạch đầu dòng");
	outline_free(&o);
}

/* Rule: numbered items continue their list (1, then +1..+3); a year, a date or a number
 * out of sequence at a line start is text. */
static void test_numbers_in_sequence(void **state)
{
	(void)state;
	struct outline o;
	parse("I. MỤC TIÊU\n"
	      "1. Đến\n"
	      "2025. Hoàn thành (năm, không phải khoản).\n"
	      "30/6/2025 là mốc tính số liệu.\n"
	      "15.3.2025 là ngày họp.\n"
	      "20 - 11 - 2025 là ngày khác.\n"
	      "2. Khoản hai\n"
	      "9. Nhảy quá ba số là văn bản\n"
	      "5. Bỏ hai số vẫn là khoản\n"
	      "1. Đánh số lại\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_ROMAN, "Mục I", "MỤC TIÊU", -1, 0 },
		{ LEVEL_CLAUSE, "Khoản 1", "Đến", 0, 1 },
		{ LEVEL_CLAUSE, "Khoản 2", "Khoản hai", 0, 1 },
		{ LEVEL_CLAUSE, "Khoản 5", "Bỏ hai số vẫn là khoản", 0, 1 },
		{ LEVEL_CLAUSE, "Khoản 1 (lần 2)", "Đánh số lại", 0, 1 },
	);
	assert_string_equal(o.nodes[1].body, "2025. Hoàn thành (năm, không phải khoản).\n30/6/2025 là mốc tính số liệu.\n"
	                                     "15.3.2025 là ngày họp.\n20 - 11 - 2025 là ngày khác.");
	assert_string_equal(o.nodes[2].body, "9. Nhảy quá ba số là văn bản");
	assert_string_equal(o.nodes[4].citation, "khoản 1 (lần 2) mục I");
	outline_free(&o);
}

/* Rule: decimals nest under their clause by their number of parts; without the final period
 * a decimal must extend its clause's number ("1.5 triệu" under "2." is text). */
static void test_decimals(void **state)
{
	(void)state;
	struct outline o;
	parse("I. NHIỆM VỤ\n"
	      "1. Khoản một\n"
	      "1.1. Tiểu mục\n"
	      "1.1.1. Tiết\n"
	      "a) Điểm\n"
	      "1.1.2. Tiết hai\n"
	      "1.2 Không dấu chấm cuối\n"
	      "2. Khoản hai\n"
	      "1.5 triệu người dùng (không nối tiếp khoản 2)\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_ROMAN, "Mục I", "NHIỆM VỤ", -1, 0 },
		{ LEVEL_CLAUSE, "Khoản 1", "Khoản một", 0, 1 },
		{ LEVEL_DECIMAL, "Khoản 1.1", "Tiểu mục", 1, 2 },
		{ LEVEL_DECIMAL, "Khoản 1.1.1", "Tiết", 2, 3 },
		{ LEVEL_POINT, "Điểm a", "Điểm", 3, 4 },
		{ LEVEL_DECIMAL, "Khoản 1.1.2", "Tiết hai", 2, 3 },
		{ LEVEL_DECIMAL, "Khoản 1.2", "Không dấu chấm cuối", 1, 2 },
		{ LEVEL_CLAUSE, "Khoản 2", "Khoản hai", 0, 1 },
	);
	assert_string_equal(o.nodes[3].citation, "khoản 1.1.1 mục I");
	assert_string_equal(o.nodes[4].citation, "điểm a khoản 1.1.1 mục I");
	assert_string_equal(o.nodes[7].body, "1.5 triệu người dùng (không nối tiếp khoản 2)");
	outline_free(&o);
}

/* Rule: bullets "-" "–" "—" "•" "*" are dashes, "+" nests under them; a dash needs a space
 * after it ("-5%" is text); the recipients after "Nơi nhận:" are text. */
static void test_bullets(void **state)
{
	(void)state;
	struct outline o;
	parse("Điều 1. Nội dung\n"
	      "- Một;\n"
	      "– Hai;\n"
	      "+ hai chấm một;\n"
	      "+ hai chấm hai;\n"
	      "— Ba;\n"
	      "• Bốn;\n"
	      "* Năm;\n"
	      "-5% là văn bản\n"
	      "Nơi nhận:\n"
	      "- Như Điều 1;\n"
	      "- Lưu: VT.\n", &o);
	EXPECT_TREE(&o,
		{ LEVEL_ARTICLE, "Điều 1", "Nội dung", -1, 0 },
		{ LEVEL_DASH, "Gạch đầu dòng 1", "Một;", 0, 1 },
		{ LEVEL_DASH, "Gạch đầu dòng 2", "Hai;", 0, 1 },
		{ LEVEL_PLUS, "Dấu cộng 1", "hai chấm một;", 2, 2 },
		{ LEVEL_PLUS, "Dấu cộng 2", "hai chấm hai;", 2, 2 },
		{ LEVEL_DASH, "Gạch đầu dòng 3", "Ba;", 0, 1 },
		{ LEVEL_DASH, "Gạch đầu dòng 4", "Bốn;", 0, 1 },
		{ LEVEL_DASH, "Gạch đầu dòng 5", "Năm;", 0, 1 },
	);
	assert_string_equal(o.nodes[2].citation, "gạch đầu dòng thứ hai Điều 1");
	assert_string_equal(o.nodes[4].citation, "dấu cộng thứ hai gạch đầu dòng thứ hai Điều 1");
	assert_string_equal(o.nodes[7].body, "-5% là văn bản\nNơi nhận:\n- Như Điều 1;\n- Lưu: VT.");
	outline_free(&o);
}

/* Rule: nesting order part > chapter > section > article > roman > clause > decimal > point
 * > dash > plus, mixing both forms; citations follow the parents. */
static void test_mixed_citations(void **state)
{
	(void)state;
	struct outline o;
	parse("Phần thứ hai\n"
	      "NỘI DUNG\n"
	      "Điều 5. Thông qua kế hoạch\n"
	      "I. MỤC TIÊU\n"
	      "1. Chung\n"
	      "2. Cụ thể\n"
	      "a) Điểm a\n"
	      "- Ý một\n"
	      "- Ý hai\n"
	      "II. NHIỆM VỤ\n"
	      "1. Nhiệm vụ một\n"
	      "Điều 6. Hiệu lực\n"
	      "1. Khoản một\n"
	      "Chương II\n"
	      "Mục 3. Mục luật\n"
	      "Điều 7. Điều trong mục\n", &o);
	static const char *const want[] = {
		"Phần thứ hai", "Điều 5", "mục I Điều 5", "khoản 1 mục I Điều 5", "khoản 2 mục I Điều 5",
		"điểm a khoản 2 mục I Điều 5", "gạch đầu dòng thứ nhất điểm a khoản 2 mục I Điều 5",
		"gạch đầu dòng thứ hai điểm a khoản 2 mục I Điều 5", "mục II Điều 5", "khoản 1 mục II Điều 5",
		"Điều 6", "khoản 1 Điều 6", "Chương II", "Mục 3 Chương II", "Điều 7",
	};
	assert_int_equal(o.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < o.n; i++)
		assert_string_equal(o.nodes[i].citation, want[i]);
	assert_int_equal(o.nodes[12].parent, 0); /* Chương II inside Phần thứ hai */
	outline_free(&o);
}

/* Rule: citations are unique: repeated Markdown headings and repeated article numbers get
 * " (lần 2)"; the preamble is "Phần mở đầu". */
static void test_unique_citations(void **state)
{
	(void)state;
	struct outline o;
	parse("Lời nói đầu\n# Chi tiết\n## Chi tiết\nĐiều 5. Một\nĐiều 5. Lặp số\n", &o);
	static const char *const want[] = { "Phần mở đầu", "Chi tiết", "Chi tiết (lần 2)", "Điều 5",
	                                    "Điều 5 (lần 2)" };
	assert_int_equal(o.n, 5);
	for (size_t i = 0; i < o.n; i++)
		assert_string_equal(o.nodes[i].citation, want[i]);
	outline_free(&o);
}

static void test_ordinals(void **state)
{
	(void)state;
	static const struct { int n; const char *want; } cases[] = {
		{ 1, "thứ nhất" }, { 2, "thứ hai" }, { 4, "thứ tư" }, { 5, "thứ năm" }, { 10, "thứ mười" },
		{ 11, "thứ mười một" }, { 14, "thứ mười bốn" }, { 15, "thứ mười lăm" }, { 20, "thứ hai mươi" },
		{ 21, "thứ hai mươi mốt" }, { 24, "thứ hai mươi tư" }, { 25, "thứ hai mươi lăm" },
		{ 99, "thứ chín mươi chín" }, { 120, "thứ 120" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[64];
		outline_ordinal(cases[i].n, out, sizeof out);
		assert_string_equal(out, cases[i].want);
	}
}

/* The paragraph entry point: hints become Markdown headings and list markers. */
static void test_paragraphs(void **state)
{
	(void)state;
	const struct outline_para p[] = {
		{ "PHẦN THỨ NHẤT", strlen("PHẦN THỨ NHẤT"), 1, NULL },
		{ "MỤC TIÊU", strlen("MỤC TIÊU"), 2, "I." },
		{ "Chung", 5, 0, "1." },
		{ "Dòng\nhai", 9, 0, "-" },
	};
	struct outline o;
	assert_int_equal(outline_parse_paragraphs(p, 4, &o), 0);
	EXPECT_TREE(&o,
		{ LEVEL_PART, "Phần thứ nhất", "", -1, 0 },
		{ LEVEL_ROMAN, "Mục I", "MỤC TIÊU", 0, 1 },
		{ LEVEL_CLAUSE, "Khoản 1", "Chung", 1, 2 },
		{ LEVEL_DASH, "Gạch đầu dòng 1", "Dòng hai", 2, 3 },
	);
	assert_string_equal(o.nodes[3].source, "- Dòng hai\n");
	outline_free(&o);
	assert_int_equal(outline_parse_paragraphs(NULL, 0, &o), 0);
	assert_int_equal(o.n, 0);
	outline_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_tree),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_tolerant_keywords),
		cmocka_unit_test(test_not_headings),
		cmocka_unit_test(test_empty_and_plain),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_level_codes),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_roman_items),
		cmocka_unit_test(test_letter_divisions),
		cmocka_unit_test(test_items_need_structure),
		cmocka_unit_test(test_numbers_in_sequence),
		cmocka_unit_test(test_decimals),
		cmocka_unit_test(test_bullets),
		cmocka_unit_test(test_mixed_citations),
		cmocka_unit_test(test_unique_citations),
		cmocka_unit_test(test_ordinals),
		cmocka_unit_test(test_paragraphs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
