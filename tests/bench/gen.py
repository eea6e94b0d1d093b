#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gen.py — deterministic synthetic Vietnamese review data for `make bench`.

Everything is derived from $BENCH_SEED (default 20131) with Python's own random.Random (Mersenne Twister, stable
across Python versions for the calls used here), so the same seed gives byte-identical files.

  gen.py draft     OUT.md                 a draft law: 20 Chương, 240 Điều, ~720 khoản
  gen.py delegates OUT.tsv                code, name, unit, role (editors handle comments)
  gen.py comments  OUT.csv DUMP.txt N     N comments (CSV for `gopy import-comments`) and the
                                          same bodies one per line (what grep would search)
  gen.py thread    OUT.csv N              one thread of N comments on Điều 1 (paging bench)
  gen.py count     DUMP.txt PHRASE...     ground truth: lines whose diacritic-free, case-free
                                          text holds PHRASE as consecutive words (the last one
                                          as a prefix, as gopy's search does); prints counts

Comments: threads interleave in time (most roots alone, some with 1–5 replies, a few deep
ones), ~5% of bodies are NFD, "uỷ"/"ủy" and "hoà"/"hòa" spellings both occur, capitals with
marks ("Đảng ủy", "ĐỊA PHƯƠNG") too, and a mix of dispositions with responses.
"""

import calendar
import csv
import os
import random
import re
import sys
import time
import unicodedata

DOC = "DL-BENCH-2024"
SEED = int(os.environ.get("BENCH_SEED", "20131"))  # the seed of everything
N_CHAPTERS, ARTICLES_PER_CHAPTER = 20, 12
N_DELEGATES, N_EDITORS, N_CITIZENS = 300, 10, 4000

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Lương Trịnh".split()
MIDDLES = "Văn Thị Đức Minh Thanh Quốc Ngọc Hữu Xuân Thu Hồng Kim Thế Bảo".split()
GIVENS = ("An Bình Cường Dũng Đạt Giang Hà Hải Hạnh Hiếu Hòa Hoà Hùng Hương Khánh Lan Linh Long Mai Minh "
          "Nam Nga Ngọc Phong Phúc Phương Quang Quân Sơn Tâm Thắng Thảo Trang Trung Tuấn Vân Việt Yến "
          "Đông Định Ánh Ước Ẩn").split()
PROVINCES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ", "Vĩnh Phúc",
             "Bắc Ninh", "Quảng Ninh", "Nghệ An", "Thanh Hóa", "Đắk Lắk", "Đồng Nai", "Lâm Đồng",
             "Điện Biên", "Đồng Tháp", "Thừa Thiên Huế", "Khánh Hòa", "Kiên Giang", "An Giang",
             "Bình Định", "Hà Giang", "Lào Cai", "Sơn La", "Quảng Trị", "Bến Tre", "Cà Mau"]
UNIT_KINDS = ["Đoàn đại biểu Quốc hội tỉnh", "Sở Tư pháp tỉnh", "Ủy ban nhân dân tỉnh",
              "Hội Nông dân tỉnh", "Đảng ủy Khối cơ quan tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh",
              "Sở Tài nguyên và Môi trường tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Sở Nội vụ tỉnh",
              "Công an tỉnh"]
CITIZEN_UNITS = ["Xã Tân Lập, huyện Đông Anh", "Phường Đống Đa, thành phố Quy Nhơn", "Thôn Đồng Tâm",
                 "Cử tri phường Hòa Khánh", "Hộ kinh doanh", "Hợp tác xã Đại Đồng", "Cựu chiến binh",
                 "Giáo viên Trường THPT Nguyễn Du", "Bác sĩ Trạm y tế xã", "Sinh viên Đại học Luật"]

OPENERS = ["Đề nghị", "Đề nghị Ban soạn thảo", "Kiến nghị", "Cần", "Nên", "Đề nghị cơ quan chủ trì",
           "Tôi đề nghị", "Chúng tôi đề nghị", "Đề nghị nghiên cứu", "Cử tri đề nghị"]
VERBS = ["bổ sung quy định về", "làm rõ trách nhiệm của", "rà soát lại nội dung về",
         "quy định cụ thể hơn về", "cân nhắc bỏ quy định về", "thống nhất cách hiểu về",
         "tăng cường phân cấp cho", "đánh giá tác động của quy định về", "bảo đảm nguồn lực cho",
         "sửa đổi cách diễn đạt về", "quy định chặt chẽ việc giám sát"]
OBJECTS = ["chính quyền địa phương", "cấp ủy, đảng ủy cơ sở", "chuyển đổi số trong cơ quan nhà nước",
           "an ninh mạng và bảo vệ dữ liệu cá nhân", "ngân sách nhà nước", "thủ tục hành chính",
           "quyền sử dụng đất", "đồng bào dân tộc thiểu số", "doanh nghiệp nhỏ và vừa", "y tế cơ sở",
           "giáo dục phổ thông", "cán bộ, công chức cấp xã", "đất trồng lúa",
           "bồi thường, hỗ trợ, tái định cư", "quyền con người, quyền công dân",
           "Hội đồng nhân dân các cấp", "Ủy ban Mặt trận Tổ quốc Việt Nam", "đơn vị sự nghiệp công lập",
           "phòng, chống tham nhũng, tiêu cực", "biến đổi khí hậu", "nước sạch nông thôn", "hạ tầng số",
           "cơ sở dữ liệu quốc gia về dân cư", "Đảng uỷ xã", "các địa phương miền núi",
           "kinh tế số và xã hội số", "đội ngũ giáo viên", "trật tự an toàn giao thông"]
TAILS = ["để bảo đảm tính khả thi.", "cho phù hợp với thực tiễn.",
         "nhằm tránh chồng chéo với luật chuyên ngành.", "vì hiện nay còn nhiều vướng mắc ở địa phương.",
         "theo hướng đơn giản, dễ thực hiện.", "và quy định rõ lộ trình thực hiện.",
         "để người dân dễ hiểu, dễ thực hiện.", "bảo đảm tính thống nhất của hệ thống pháp luật.",
         "trên cơ sở tổng kết thực tiễn thi hành.", "phù hợp với chủ trương của Đảng."]
SECOND = ["Thực tế tại địa phương cho thấy việc triển khai còn lúng túng.",
          "Đảng ủy xã chúng tôi đã thảo luận kỹ nội dung này.",
          "Đảng uỷ phường đã lấy ý kiến đảng viên về nội dung này.",
          "Nhất trí với phương án 1 của dự thảo.", "Không có ý kiến khác.",
          "Việc chuyển đổi số cần đi đôi với bảo đảm an ninh mạng.",
          "Nguồn lực của ĐỊA PHƯƠNG còn hạn chế, cần có lộ trình phù hợp.",
          "Cần có hướng dẫn chi tiết của Chính phủ.", "Quy định hiện hành đã đầy đủ, không cần bổ sung.",
          "Đề nghị giữ nguyên như dự thảo.", "Chính quyền Địa phương cần được chủ động hơn.",
          "Hệ thống thông tin phải đáp ứng yêu cầu về An ninh mạng theo cấp độ.",
          "Việc tiếp nhận hồ sơ nên thực hiện hoàn toàn trực tuyến.",
          "Cán bộ cơ sở còn thiếu kỹ năng số; cần bồi dưỡng trước khi áp dụng.",
          "Ở nhiều xã vùng sâu, vùng xa chưa có hạ tầng để Chuyển đổi số.",
          "Hòa giải ở cơ sở cần được coi trọng hơn.", "Hoà giải ở cơ sở là kinh nghiệm tốt cần nhân rộng."]
REPLIES = ["Nhất trí với ý kiến trên.", "Tôi không đồng tình với ý kiến này vì",
           "Bổ sung thêm ý kiến:", "Đồng ý, tuy nhiên", "Xin trao đổi thêm:", "Ý kiến này rất xác đáng;"]
RESPONSES = {
    "accepted": ["Tiếp thu, đã chỉnh lý tại dự thảo lần 3.", "Tiếp thu và sửa đổi theo hướng đề nghị."],
    "partly": ["Tiếp thu một phần; phần còn lại đã được quy định tại luật chuyên ngành.",
               "Tiếp thu một phần, bổ sung quy định về trách nhiệm của địa phương."],
    "explained": ["Giải trình: nội dung này đã được quy định tại Điều 5 của dự thảo.",
                  "Giải trình: giữ như dự thảo để bảo đảm tính ổn định của pháp luật."],
    "noted": ["Ghi nhận ý kiến.", "Ghi nhận, sẽ nghiên cứu trong văn bản hướng dẫn."],
    "escalated": ["Xin ý kiến Thường trực về nội dung này."],
}
DISPOSITIONS = ["pending"] * 55 + ["accepted"] * 15 + ["partly"] * 8 + ["explained"] * 10 + \
               ["noted"] * 10 + ["escalated"] * 2
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]


def person(r):
    return "%s %s %s" % (r.choice(SURNAMES), r.choice(MIDDLES), r.choice(GIVENS))


def sentence(r):
    s = "%s %s %s %s" % (r.choice(OPENERS), r.choice(VERBS), r.choice(OBJECTS), r.choice(TAILS))
    return s


def body(r):
    n = r.random()
    s = sentence(r)
    if n < 0.55:
        s += " " + r.choice(SECOND)
    if n < 0.15:
        s += " " + sentence(r)
    return s


def draft(out):
    r = random.Random(SEED)
    lines = ["QUỐC HỘI", "Dự thảo lần 2", "", "LUẬT",
             "CHÍNH QUYỀN ĐỊA PHƯƠNG VÀ CHUYỂN ĐỔI SỐ (DỰ THẢO ĐỂ LẤY Ý KIẾN NHÂN DÂN)", "",
             "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;", "Quốc hội ban hành Luật này.", ""]
    art = 0
    for ch in range(N_CHAPTERS):
        lines += ["Chương " + ROMAN[ch], "QUY ĐỊNH VỀ " + r.choice(OBJECTS).upper(), ""]
        for _ in range(ARTICLES_PER_CHAPTER):
            art += 1
            lines.append("Điều %d. %s %s" % (art, r.choice(VERBS).capitalize(), r.choice(OBJECTS)))
            for k in range(1, 2 + art % 4):
                lines.append("%d. %s %s %s" % (k, r.choice(OBJECTS).capitalize(), r.choice(VERBS),
                                               r.choice(TAILS)))
            lines.append("")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def delegates(out):
    r = random.Random(SEED + 1)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(1, N_DELEGATES + 1):
            unit = "%s %s" % (r.choice(UNIT_KINDS), r.choice(PROVINCES))
            f.write("DB-%03d\t%s\t%s\tdelegate\n" % (i, person(r), unit))
        for i in range(1, N_EDITORS + 1):
            f.write("BT-%02d\t%s\tBan soạn thảo\teditor\n" % (i, person(r)))


def articles():
    """(article number, number of clauses) as draft() writes them."""
    return [(a, 1 + a % 4) for a in range(1, N_CHAPTERS * ARTICLES_PER_CHAPTER + 1)]


def comments(out, dump, n, seed=SEED + 2):
    r = random.Random(seed)
    arts = articles()
    citizens = [(person(r), "%s, %s" % (r.choice(CITIZEN_UNITS), r.choice(PROVINCES)))
                for _ in range(N_CITIZENS)]
    clock = calendar.timegm((2024, 3, 1, 0, 0, 0))
    active = []  # [thread members [(id, depth)], replies left, section]
    nfd = unicodedata.normalize
    with open(out, "w", encoding="utf-8", newline="") as f, open(dump, "w", encoding="utf-8") as d:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "doc", "section", "author", "unit", "body", "created_at", "reply_to",
                    "disposition", "response", "handled_by"])
        for i in range(1, n + 1):
            clock += r.randint(1, 30)
            cid = "c%d" % i
            reply_to, section = "", ""
            if active and r.random() < 0.45:
                t = r.randrange(len(active))
                members, left, section = active[t]
                pid, pdepth = members[-1] if r.random() < 0.5 else r.choice(members)
                if pdepth >= 12:
                    pid, pdepth = members[0]
                reply_to = pid
                members.append((cid, pdepth + 1))
                if left <= 1:
                    active[t] = active[-1]
                    active.pop()
                else:
                    active[t][1] = left - 1
                text = r.choice(REPLIES) + " " + body(r)
            else:
                x = r.random()
                if x < 0.2:
                    section = ""
                else:
                    a, k = r.choice(arts)
                    section = "Điều %d" % a if x < 0.5 else "Điều %d khoản %d" % (a, r.randint(1, k))
                plan = r.random()
                replies = 0 if plan < 0.85 else r.randint(1, 5) if plan < 0.98 else r.randint(6, 40)
                if replies:
                    active.append([[(cid, 0)], replies, section])
                text = body(r)
            if r.random() < 0.05:
                text = nfd("NFD", text)
            if r.random() < 0.7:
                author, unit = "DB-%03d" % r.randint(1, N_DELEGATES), ""
            else:
                author, unit = r.choice(citizens)
            disp = r.choice(DISPOSITIONS)
            resp, by = "", ""
            if disp != "pending":
                resp = r.choice(RESPONSES[disp])
                by = "BT-%02d" % r.randint(1, N_EDITORS)
            w.writerow([cid, DOC, section if not reply_to else "", author, unit, text,
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock)), reply_to, disp, resp, by])
            d.write(text + "\n")


def thread(out, n, seed=SEED + 3):
    """One thread of n comments on Điều 1: a root, most replies to it, some two or three deep."""
    r = random.Random(seed)
    clock = calendar.timegm((2024, 9, 1, 0, 0, 0))
    depth1, depth2 = [], []
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "doc", "section", "author", "body", "created_at", "reply_to"])
        for i in range(1, n + 1):
            clock += r.randint(1, 20)
            cid = "t%d" % i
            x = r.random()
            if i == 1:
                parent, text = "", "Đề nghị thảo luận rộng rãi về Điều 1: " + body(r)
            elif x < 0.6 or not depth1:
                parent, text = "t1", body(r)
                depth1.append(cid)
            elif x < 0.9 or not depth2:
                parent, text = r.choice(depth1[-200:]), r.choice(REPLIES) + " " + body(r)
                depth2.append(cid)
            else:
                parent, text = r.choice(depth2[-200:]), r.choice(REPLIES) + " " + body(r)
            w.writerow([cid, DOC, "Điều 1" if i == 1 else "", "DB-%03d" % r.randint(1, N_DELEGATES), text,
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock)), parent])


def fold(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower().replace("đ", "d").replace("ð", "d")


def count(dump, phrases):
    pats = []
    for p in phrases:
        words = fold(p).split()
        pats.append(re.compile(r"(?<![0-9a-z])" + r"[^0-9a-z]+".join(map(re.escape, words))))
    hits = [0] * len(pats)
    cache = {}
    with open(dump, encoding="utf-8") as f:
        for line in f:
            k = cache.get(line)
            if k is None:
                low = fold(line)
                k = tuple(1 if p.search(low) else 0 for p in pats)
                if len(cache) < 2000000:
                    cache[line] = k
            for j, v in enumerate(k):
                hits[j] += v
    for p, h in zip(phrases, hits):
        print("%s\t%d" % (p, h))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, out = argv[1], argv[2]
    if cmd == "draft":
        draft(out)
    elif cmd == "delegates":
        delegates(out)
    elif cmd == "comments" and len(argv) == 5:
        comments(out, argv[3], int(argv[4]))
    elif cmd == "thread" and len(argv) == 4:
        thread(out, int(argv[3]))
    elif cmd == "count" and len(argv) >= 4:
        count(out, argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
