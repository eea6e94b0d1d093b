#!/usr/bin/env python3
"""make-comments.py — write sample-data/comments.csv, the sample comments for `gopy demo`.

The comments are kept here as data so that the few rows with raw control characters,
decomposed (NFD) Vietnamese, emoji and CSV-hostile text are written byte-exactly.
The script also checks the data before writing anything:
  * every section label ("Điều 3", "Điều 3 khoản 2", "Điều 3/Khoản 2") of a draft in the
    legal form exists in it (scanned for "Điều N." lines and "N." clauses); the sections of
    the đề án and the Party resolution (citations, paths, headings) are resolved by gopy
    itself, building the demo from a copy of this directory (when a gopy binary is found);
  * every reply_to names an earlier row, and a reply is later than its parent;
  * every author is a code from delegates.csv, or comes with a unit (a new delegate);
  * created_at increases through the file; dispositions are known codes; handled rows
    name an editor; all text is NFC except the one row that is meant to be NFD.
Then it prints a summary (counts per document, depths, dispositions).

Usage: python3 sample-data/make-comments.py [--check]   (--check: verify, do not write)
"""

import csv
import datetime
import io
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "comments.csv")
COLUMNS = ["id", "doc", "section", "author", "unit", "body", "created_at",
           "reply_to", "disposition", "response", "handled_by", "handled_at"]
DISPOSITIONS = ["pending", "accepted", "partly", "explained", "noted", "escalated"]

ROWS = []
_clock = None
_steps = [4, 3, 6, 2, 5, 7, 3, 4, 8, 2, 5, 3]


def at(stamp):
    """Set the clock: the next comment is created at this time (UTC, ISO 8601)."""
    global _clock
    _clock = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")


def C(doc, section, author, body, reply=None, disp="pending", resp="", by="", unit="", nfd=False):
    """Add one comment; returns its id for replies. Time advances a few minutes per row."""
    global _clock
    cid = "c%03d" % (len(ROWS) + 1)
    if nfd:
        body = unicodedata.normalize("NFD", body)
    ROWS.append({
        "id": cid, "doc": doc, "section": section, "author": author, "unit": unit,
        "body": body, "created_at": _clock.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "reply_to": reply or "", "disposition": disp, "response": resp, "handled_by": by,
        "handled_at": "", "_nfd": nfd,
    })
    _clock += datetime.timedelta(minutes=_steps[len(ROWS) % len(_steps)])
    return cid


DA = "DA-CDS-2021"
THD = "NQ-THD-2021"
DTL = "NQ-DTL-2021"
CN = "NQ-CNNT-2021"

# Unknown authors (not in delegates.csv): a name and a unit; the import adds them.
HHDN = ("Nguyễn Văn Thành", "Hiệp hội Doanh nghiệp tỉnh Vĩnh Phúc")
VNPT = ("Trần Minh Tuấn", "VNPT Vĩnh Phúc")
VTL = ("Hồ Sỹ Nam", "Viettel Vĩnh Phúc")
DOAN = ("Kim Thị Thu Trang", "Tỉnh đoàn Vĩnh Phúc")
CDVP = ("Lê Thị Bích Ngọc", "Trường Cao đẳng Vĩnh Phúc")

LONG_BTG = (
    "Ban Tuyên giáo Tỉnh ủy cơ bản nhất trí với các nhiệm vụ nêu tại Điều 4, tuy nhiên đề nghị "
    "tổ biên tập nhận thức rõ rằng chuyển đổi số trước hết là chuyển đổi về nhận thức, sau đó mới "
    "là chuyển đổi về công nghệ; nếu nhận thức của cả hệ thống chính trị, người dân và doanh nghiệp "
    "chưa chuyển biến thì các mục tiêu về hạ tầng, nền tảng hay dịch vụ công trực tuyến dù được đầu tư "
    "lớn cũng khó phát huy hiệu quả, như thực tế nhiều dịch vụ công mức độ 4 của tỉnh trong năm 2020 "
    "có rất ít hoặc không có hồ sơ phát sinh. Vì vậy, đề nghị viết lại Điều 4 theo hướng cụ thể hơn: "
    "thứ nhất, xác định rõ đối tượng tuyên truyền theo từng nhóm, gồm cán bộ lãnh đạo chủ chốt các cấp, "
    "cán bộ, công chức trực tiếp giải quyết thủ tục hành chính, người dân ở khu vực nông thôn và miền "
    "núi, doanh nghiệp nhỏ và vừa, hộ kinh doanh cá thể, với nội dung và hình thức phù hợp cho từng "
    "nhóm, tránh tuyên truyền chung chung; thứ hai, bổ sung nhiệm vụ đưa nội dung chuyển đổi số vào "
    "chương trình bồi dưỡng lý luận chính trị, bồi dưỡng cấp ủy viên và sinh hoạt chi bộ định kỳ, để "
    "mỗi cán bộ, đảng viên vừa là người thực hiện vừa là người vận động gia đình và cộng đồng cùng thực "
    "hiện; thứ ba, phát huy vai trò của hệ thống thông tin cơ sở, đài truyền thanh xã, các trang thông "
    "tin điện tử và tài khoản mạng xã hội chính thức của các cơ quan, địa phương, xây dựng các sản phẩm "
    "truyền thông ngắn gọn, dễ hiểu, hướng dẫn từng bước như cách tạo tài khoản, nộp hồ sơ trực tuyến, "
    "thanh toán phí, lệ phí qua ứng dụng; thứ tư, giao Sở Thông tin và Truyền thông phối hợp với Ban "
    "Tuyên giáo Tỉnh ủy xây dựng kế hoạch truyền thông hằng năm có chỉ tiêu đo đếm được, chẳng hạn số "
    "lượt tiếp cận, số người được hướng dẫn trực tiếp, tỷ lệ người dân biết và đã sử dụng dịch vụ công "
    "trực tuyến qua khảo sát định kỳ, để tránh tình trạng báo cáo chỉ nêu số tin, bài đã đăng; thứ năm, "
    "chú trọng tuyên truyền những mô hình, cách làm hay tại chính địa phương mình, như các xã đã thực "
    "hiện tốt việc nhận và trả kết quả trực tuyến, các hợp tác xã đưa nông sản lên sàn thương mại điện "
    "tử thành công, bởi người dân tin vào những gì họ thấy ở gần mình hơn là những khẩu hiệu chung; thứ "
    "sáu, cần gắn công tác tuyên truyền với việc nâng cao chất lượng dịch vụ, vì nếu người dân đã thử "
    "nộp hồ sơ trực tuyến mà hệ thống lỗi, cán bộ vẫn yêu cầu nộp bản giấy hoặc phải đi lại nhiều lần "
    "thì mọi nỗ lực tuyên truyền trước đó đều mất tác dụng, thậm chí phản tác dụng. Ngoài ra, đề nghị "
    "bổ sung vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong vận động đoàn viên, "
    "hội viên tham gia, đồng thời có cơ chế tiếp nhận, phản hồi ý kiến của người dân về chất lượng dịch "
    "vụ số một cách công khai, minh bạch, làm cơ sở để đánh giá thực chất mức độ chuyển biến về nhận "
    "thức sau mỗi năm triển khai Đề án, không chỉ dựa vào các chỉ số kỹ thuật do các cơ quan tự báo cáo."
)

CSV_HOSTILE = (
    "=SUM(A1) trong bảng khái toán kèm theo cho kết quả 1.205 tỷ đồng, không phải 1.250 tỷ đồng "
    "như lời văn tại \"Điều 13\"; đề nghị kiểm tra lại, cụ thể:\n"
    "- Giai đoạn 2021–2022: 350 tỷ đồng, khớp;\n"
    "- Giai đoạn 2023–2025: lời văn ghi 900 tỷ đồng, nhưng bảng chi tiết chỉ cộng được 855 tỷ đồng.\n"
    "Theo chúng tôi, cần \"khớp\" số liệu giữa lời văn, bảng tổng hợp và phụ lục, trước khi trình "
    "Ban Thường vụ, tránh để đại biểu phải hỏi lại."
)

TERMINAL = (
    "Đồng ý\b\b\b\b\b\bPhản đối việc đặt toàn bộ máy chủ tại Trung tâm dữ liệu của tỉnh"
    "\x1b]0;pwned\x07\x1b[2J; đề nghị cân nhắc thuê dịch vụ đám mây\u009d của doanh nghiệp viễn "
    "thông trong nước đã được đánh giá an toàn thông tin theo cấp độ. Ký hiệu hồ sơ tham khảo: "
    "\u202e1202-QĐ\u202c."
)

EMOJI = (
    "Tỉnh đoàn rất ủng hộ nội dung này 👍 Đề nghị giao Đoàn Thanh niên làm nòng cốt các tổ công "
    "nghệ số cộng đồng, mỗi chi đoàn nhận hướng dẫn ít nhất 10 hộ gia đình 👨‍👩‍👧 sử dụng dịch vụ "
    "công trực tuyến và thanh toán không dùng tiền mặt. Tuổi trẻ Vĩnh Phúc sẵn sàng chung tay xây "
    "dựng xã hội số 🇻🇳"
)

CJK = (
    "Đề nghị tham khảo kinh nghiệm cải cách «最多跑一次» (tạm dịch: «chạy nhiều nhất một lần») của "
    "tỉnh Chiết Giang, Trung Quốc, gắn với xây dựng «数字政府» (chính phủ số): người dân chỉ phải đến "
    "cơ quan nhà nước nhiều nhất một lần cho mỗi thủ tục. Đề nghị nghiên cứu đưa mục tiêu tương tự "
    "vào khoản 3, gắn với số hóa kết quả giải quyết thủ tục hành chính."
)

NFD_BODY = (
    "Đề nghị bổ sung nội dung phổ cập kỹ năng số cho người cao tuổi và người dân ở khu vực nông "
    "thôn; có thể lồng ghép vào sinh hoạt của Hội Người cao tuổi, Hội Nông dân, Hội Liên hiệp Phụ nữ "
    "ở thôn, tổ dân phố."
)

# Same point, nearly the same words, from several units (the report can group them).
SAME_DONBAY = "Đề nghị tỉnh có đòn bẩy về cơ chế, chính sách và quyết tâm chính trị cao để triển khai các bước thực hiện chính quyền số."
SAME_TAPHUAN = "Đề nghị tăng cường tập huấn công nghệ an ninh mạng cho các sở, ngành, địa phương, nhất là cán bộ cấp xã."
SAME_NGUONLUC = "Đề nghị làm rõ nguồn lực ngân sách nhà nước và nguồn lực xã hội hóa, có phân kỳ đầu tư phù hợp cho từng giai đoạn."
# Identical text from different units.
SAME_NHATTRI = "Nhất trí với dự thảo, không có ý kiến bổ sung."
SAME_TRUNGTAM = "Đề nghị nghiên cứu thành lập trung tâm an ninh an toàn mạng của tỉnh."
SAME_KPI = "Đề nghị bổ sung bộ chỉ số cụ thể, đo lường được cho từng năm để làm căn cứ kiểm tra, đánh giá."

L1, L2 = "STTTT-01", "STTTT-02"   # tổ biên tập Đề án
P1 = "STNMT-02"                   # tổ biên tập các nghị quyết về đất đai

# ---- written comments sent in by units before the conference -------------------------
at("2021-04-22T02:10:00Z")
C(DA, "Điều 1 khoản 3", "HU-LT-01",
  "Phần đánh giá thực trạng còn chung chung, chưa có số liệu; đề nghị bổ sung số liệu cụ thể về tỷ lệ hồ sơ giải quyết trực tuyến, xếp hạng ICT Index của tỉnh các năm 2018–2020 và so sánh với các tỉnh trong vùng.",
  disp="accepted", by=L1,
  resp="Tiếp thu. Tổ biên tập bổ sung bảng số liệu thực trạng giai đoạn 2018–2020 (ICT Index, tỷ lệ hồ sơ trực tuyến theo từng cấp) vào Phụ lục I và tóm tắt tại khoản 3 Điều 1.")
C(DA, "Điều 1 khoản 3", "TP-PY-01",
  "Đánh giá thực trạng còn chung chung; đề nghị bổ sung số liệu cụ thể về tỷ lệ hồ sơ trực tuyến và xếp hạng ICT Index của tỉnh giai đoạn 2018–2020.",
  disp="accepted", by=L1,
  resp="Tiếp thu. Tổ biên tập bổ sung bảng số liệu thực trạng giai đoạn 2018–2020 (ICT Index, tỷ lệ hồ sơ trực tuyến theo từng cấp) vào Phụ lục I và tóm tắt tại khoản 3 Điều 1.")
C(DA, "Điều 1/Khoản 3", "BTC-01",
  "Đề nghị phân tích rõ nguyên nhân chủ quan của các hạn chế, nhất là trách nhiệm của người đứng đầu cơ quan, đơn vị; hiện dự thảo mới nêu hạn chế mà chưa nêu nguyên nhân.",
  disp="accepted", by=L1,
  resp="Tiếp thu, bổ sung đoạn phân tích nguyên nhân chủ quan, khách quan sau điểm đ khoản 3 Điều 1.")
C(DA, "Điều 1 khoản 2", "HU-VT-01",
  "Đề nghị đánh giá sát hơn: hệ thống quản lý văn bản và điều hành đã triển khai đến cấp xã nhưng nhiều xã vẫn sử dụng song song văn bản giấy, chữ ký số cá nhân chưa được cấp đủ cho lãnh đạo cấp xã.")
C(DA, "Điều 1 khoản 3", "CA-02",
  "Tại điểm d, đề nghị bổ sung số liệu về các cuộc tấn công, dò quét, phát tán mã độc vào hệ thống thông tin của các cơ quan nhà nước trên địa bàn tỉnh năm 2020 để thấy rõ mức độ nguy cơ.",
  disp="partly", by=L2,
  resp="Tiếp thu một phần: bổ sung số liệu tổng hợp về sự cố đã được cảnh báo, xử lý; số liệu chi tiết thuộc phạm vi mật không đưa vào Đề án.")
C(DA, "Điều 2 khoản 2", "HU-TDA-01",
  "Nhất trí quan điểm lấy người dân, doanh nghiệp làm trung tâm; đề nghị bổ sung cách đo mức độ hài lòng (khảo sát độc lập hằng năm) để quan điểm này không chỉ dừng ở khẩu hiệu.")
C(DA, "Điều 2 khoản 3", "STC-01",
  "Cụm từ \"ngân sách nhà nước giữ vai trò dẫn dắt\" cần làm rõ: ngân sách đầu tư các hạ tầng, nền tảng dùng chung mang tính \"vốn mồi\", còn các dịch vụ có khả năng thu hồi vốn thì huy động xã hội hóa.",
  disp="accepted", by=L2,
  resp="Tiếp thu, sửa khoản 3 Điều 2 theo hướng ngân sách nhà nước đóng vai trò vốn mồi, tập trung cho hạ tầng, nền tảng dùng chung.")
C(DA, "Điều 3 khoản 1", "SKHDT-01",
  "Mục tiêu kinh tế số đạt tối thiểu 15% GRDP vào năm 2025 là cao so với thực tế hiện nay (ước khoảng 5–6%) và đến nay chưa có phương pháp tính thống nhất do Tổng cục Thống kê ban hành; đề nghị cân nhắc điều chỉnh cho khả thi.",
  disp="escalated", by=L1,
  resp="Xin ý kiến Thường trực Tỉnh ủy: giữ chỉ tiêu 15% là chỉ tiêu phấn đấu (bám theo mục tiêu 20% GDP của Chương trình Chuyển đổi số quốc gia) hoặc hạ xuống 10% cho sát thực tế.")
C(DA, "Điều 3 khoản 1", "HU-TD-01",
  "Mục tiêu thuộc nhóm 15 địa phương tốt nhất cả nước đến năm 2025 là phù hợp, tuy nhiên cần có lộ trình cụ thể cho từng năm.",
  disp="accepted", by=L1,
  resp="Tiếp thu, bổ sung lộ trình thứ hạng và các chỉ tiêu theo từng năm 2021–2025 tại Phụ lục II.")
C(DA, "Điều 3 khoản 1", "TP-VY-01",
  "Mục tiêu top 15 địa phương tốt nhất cả nước đến năm 2025 là phù hợp, tuy nhiên cần có lộ trình cụ thể cho từng năm.",
  disp="accepted", by=L1,
  resp="Tiếp thu, bổ sung lộ trình thứ hạng và các chỉ tiêu theo từng năm 2021–2025 tại Phụ lục II.")
C(DA, "Điều 3/Khoản 1", "HU-LT-01",
  "Chỉ tiêu 60% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng là khó đạt đối với các xã miền núi của huyện Lập Thạch do hạ tầng mạng và trình độ của cán bộ còn hạn chế; đề nghị có chỉ tiêu riêng cho các xã khó khăn.",
  disp="explained", by=L1,
  resp="Giải trình: chỉ tiêu 60% là chỉ tiêu tối thiểu theo Chương trình Chuyển đổi số quốc gia, áp dụng chung cả nước; Đề án đã bố trí kinh phí mở rộng mạng truyền số liệu chuyên dùng đến 100% UBND cấp xã (khoản 2 Điều 6) và tập huấn cho cán bộ cấp xã để bảo đảm thực hiện.")
C(DA, "Điều 3 khoản 1", "BQLKCN-01",
  "Đề nghị bổ sung mục tiêu đến năm 2025 có 100% khu công nghiệp đang hoạt động được phủ hạ tầng cáp quang và thử nghiệm 5G, vì đây là yêu cầu của các nhà đầu tư lớn.")
C(DA, "Điều 3 khoản 2", "SGDDT-01",
  "Đề nghị bổ sung mục tiêu đến năm 2030 về chuyển đổi số trong giáo dục: 100% cơ sở giáo dục sử dụng học bạ điện tử, sổ điểm điện tử và thanh toán học phí không dùng tiền mặt.",
  disp="partly", by=L2,
  resp="Tiếp thu một phần: bổ sung mục tiêu học bạ điện tử, thanh toán học phí không dùng tiền mặt; các chỉ tiêu chi tiết của ngành giáo dục đưa vào kế hoạch của Sở Giáo dục và Đào tạo.")
C(DA, "Điều 3 khoản 2", "SYT-01",
  "Đề nghị bổ sung mục tiêu 100% người dân có hồ sơ sức khỏe điện tử vào năm 2030.")
C(DA, "Điều 3 khoản 2", "SXD-01",
  "Điểm d: đề nghị làm rõ thế nào là \"dịch vụ đô thị thông minh được triển khai đồng bộ\", nên dẫn chiếu bộ tiêu chí đô thị thông minh của Bộ Xây dựng và Bộ Thông tin và Truyền thông để có căn cứ đánh giá.")
at("2021-04-23T01:25:00Z")
C(DA, "Điều 4 khoản 2", "BTG-02", LONG_BTG,
  disp="partly", by=L1,
  resp="Tiếp thu một phần: sửa Điều 4 theo hướng phân nhóm đối tượng tuyên truyền, bổ sung chỉ tiêu đo đếm được và vai trò của Mặt trận, các đoàn thể; nội dung đưa chuyển đổi số vào chương trình bồi dưỡng lý luận chính trị đề nghị Ban Tuyên giáo Tỉnh ủy chủ trì hướng dẫn.")
C(DA, "Điều 4 khoản 3", "HDND-01",
  "Việc tổ chức sự kiện chuyển đổi số cấp tỉnh hằng năm cần tính toán kinh phí, tránh hình thức; có thể lồng ghép với các hội nghị xúc tiến đầu tư.")
C(DA, "Điều 5 khoản 2", "HU-TD-01", SAME_DONBAY)
C(DA, "Điều 5 khoản 2", "HU-VT-01",
  "Đề nghị tỉnh có đòn bẩy về cơ chế, chính sách và quyết tâm chính trị cao để triển khai các bước thực hiện chính quyền số.")
C(DA, "Điều 5 khoản 2", "TP-PY-01",
  "Đề nghị tỉnh có đòn bẩy mạnh về cơ chế, chính sách, cùng quyết tâm chính trị cao để triển khai các bước thực hiện chính quyền số.")
C(DA, "Điều 5 khoản 2", "STC-01",
  "Các chính sách hỗ trợ tại khoản 2 phải bảo đảm đúng thẩm quyền và phù hợp Luật Ngân sách nhà nước; đề nghị Sở Thông tin và Truyền thông phối hợp Sở Tài chính đánh giá tác động, khái toán kinh phí của từng chính sách trước khi trình HĐND tỉnh.",
  disp="accepted", by=L2,
  resp="Tiếp thu; bổ sung yêu cầu đánh giá tác động chính sách và khái toán kinh phí, phối hợp Sở Tài chính trước khi trình HĐND tỉnh.")
C(DA, "Điều 5 khoản 2", "SNV-01",
  "Điểm c: chế độ hỗ trợ cán bộ chuyên trách công nghệ thông tin, an toàn thông tin cần có căn cứ pháp lý; đề nghị rà soát các quy định hiện hành về chế độ, chính sách đối với cán bộ, công chức và hướng dẫn của Bộ Nội vụ, tránh ban hành chính sách trái quy định.",
  disp="explained", by=L2,
  resp="Giải trình: Đề án mới nêu định hướng \"nghiên cứu\"; khi xây dựng nghị quyết cụ thể, Sở Thông tin và Truyền thông sẽ phối hợp Sở Nội vụ rà soát căn cứ pháp lý theo đúng quy định.")
C(DA, "Điều 5 khoản 3", "BTC-01",
  "Nhất trí đưa kết quả chuyển đổi số thành tiêu chí đánh giá, xếp loại người đứng đầu; tuy nhiên cần bộ tiêu chí lượng hóa, thống nhất với tiêu chí đánh giá cán bộ hiện hành.")
C(DA, "Điều 6 khoản 1", "STTTT-03",
  "Đề nghị nêu rõ Trung tâm dữ liệu của tỉnh phải đạt tối thiểu tiêu chuẩn Tier 3 hoặc tương đương và có phương án dự phòng (DR site) tại địa điểm khác.")
C(DA, "Điều 6 khoản 3", "SXD-01",
  "Việc hạ ngầm cáp viễn thông tại các tuyến phố chính cần gắn với quy hoạch, đầu tư hào, tuynel kỹ thuật dùng chung; đề nghị giao Sở Xây dựng phối hợp và quy định rõ cơ chế thu phí sử dụng.",
  disp="accepted", by=L2,
  resp="Tiếp thu, bổ sung vào khoản 3 Điều 6 và trách nhiệm của Sở Xây dựng tại Điều 15.")
C(DA, "Điều 6 khoản 4", "STNMT-01",
  "Đề nghị ưu tiên IoT trong quan trắc môi trường tự động tại các khu công nghiệp, cụm công nghiệp và kết nối dữ liệu về Sở Tài nguyên và Môi trường theo thời gian thực.")
C(DA, "Điều 7 khoản 2", "STNMT-01",
  "Điểm a: cơ sở dữ liệu đất đai đã được đầu tư theo dự án riêng của ngành tài nguyên và môi trường; đề nghị ghi \"hoàn thiện, kết nối\" thay cho \"xây dựng\" để tránh trùng lặp đầu tư.",
  disp="accepted", by=L1,
  resp="Tiếp thu, sửa thành \"hoàn thiện, cập nhật và kết nối\" cơ sở dữ liệu đất đai.")
C(DA, "Điều 7 khoản 2", "CA-01",
  "Điểm c: Cơ sở dữ liệu quốc gia về dân cư do Bộ Công an xây dựng, quản lý; tỉnh không xây dựng cơ sở dữ liệu dân cư riêng mà khai thác, kết nối theo quy định. Đề nghị sửa lại cho đúng.",
  disp="accepted", by=L1,
  resp="Tiếp thu, sửa điểm c khoản 2 Điều 7: \"Kết nối, khai thác Cơ sở dữ liệu quốc gia về dân cư phục vụ giải quyết thủ tục hành chính\".")
C(DA, "Điều 7 khoản 2", "SNV-01",
  "Điểm d: cơ sở dữ liệu cán bộ, công chức, viên chức phải bảo đảm kết nối với cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức của Bộ Nội vụ.")
C(DA, "Điều 7 khoản 4", "HU-TDA-01",
  "Việc kết nối Trung tâm điều hành thông minh của tỉnh với hệ thống giám sát, điều hành tại các huyện cần nêu rõ kinh phí cấp huyện; huyện Tam Đảo khó bố trí được nguồn này.")
at("2021-04-26T01:15:00Z")
C(DA, "Điều 8 khoản 2", "TP-VY-01", SAME_TRUNGTAM,
  disp="accepted", by=L2,
  resp="Tiếp thu; nội dung đã có tại khoản 2 Điều 8, tổ biên tập làm rõ mô hình tổ chức và phương án vận hành.")
C(DA, "Điều 8 khoản 2", "HU-YL-01", SAME_TRUNGTAM,
  disp="accepted", by=L2,
  resp="Tiếp thu; nội dung đã có tại khoản 2 Điều 8, tổ biên tập làm rõ mô hình tổ chức và phương án vận hành.")
C(DA, "Điều 8 khoản 4", "HU-TD-01", SAME_TAPHUAN,
  disp="accepted", by=L2,
  resp="Tiếp thu; bổ sung chỉ tiêu 100% cán bộ phụ trách công nghệ thông tin cấp xã được tập huấn an ninh mạng ít nhất một lần mỗi năm.")
C(DA, "Điều 8 khoản 4", "HU-LT-01",
  "Đề nghị tăng cường tập huấn công nghệ an ninh mạng cho các sở, ngành, địa phương, nhất là đối với cán bộ cấp xã.",
  disp="accepted", by=L2,
  resp="Tiếp thu; bổ sung chỉ tiêu 100% cán bộ phụ trách công nghệ thông tin cấp xã được tập huấn an ninh mạng ít nhất một lần mỗi năm.")
C(DA, "Điều 8 khoản 4", "SGDDT-01",
  "Đề nghị tăng cường tập huấn an ninh mạng cho các sở, ngành, địa phương và mở rộng đến cán bộ quản lý, giáo viên phụ trách tin học ở các trường học.")
C(DA, "Điều 8 khoản 5", "BTG-02",
  "Đề nghị bổ sung nội dung phối hợp với Ban Tuyên giáo Tỉnh ủy, Ban Chỉ đạo 35 của tỉnh trong đấu tranh phản bác các quan điểm sai trái, thông tin xấu độc trên không gian mạng.",
  disp="accepted", by=L2,
  resp="Tiếp thu, bổ sung vào khoản 5 Điều 8.")
C(DA, "Điều 9 khoản 2", "CA-02",
  "Điểm b: hệ thống camera giám sát an ninh trật tự cần thống nhất tiêu chuẩn kỹ thuật để kết nối được với hệ thống của Công an tỉnh; tránh mỗi địa phương đầu tư một kiểu, không chia sẻ được dữ liệu.",
  disp="accepted", by=L1,
  resp="Tiếp thu; bổ sung yêu cầu Sở Thông tin và Truyền thông phối hợp Công an tỉnh ban hành hướng dẫn kỹ thuật chung về camera giám sát.")
C(DA, "Điều 9 khoản 1", "TP-PY-01",
  "Thành phố Phúc Yên đề nghị được lựa chọn triển khai thí điểm cùng thành phố Vĩnh Yên ngay từ năm 2022, ưu tiên dịch vụ giao thông thông minh và quan trắc môi trường.")
C(DA, "Điều 10 khoản 1", "SCT-01",
  "Đề nghị bổ sung giải pháp cụ thể để thúc đẩy doanh nghiệp tiếp tục tăng cường ứng dụng công nghệ số trong hoạt động: tư vấn chuyển đổi số miễn phí, hỗ trợ một phần chi phí thuê phần mềm quản trị, hóa đơn điện tử.")
C(DA, "Điều 10 khoản 1", "BQLKCN-01",
  "Đề nghị có giải pháp cụ thể để thúc đẩy doanh nghiệp tăng cường ứng dụng công nghệ số trong hoạt động, nhất là doanh nghiệp trong các khu công nghiệp.")
C(DA, "Điều 10 khoản 2", "SNN-01",
  "Đề nghị gắn việc đưa sản phẩm OCOP lên sàn thương mại điện tử với truy xuất nguồn gốc bằng mã QR; Sở Nông nghiệp và Phát triển nông thôn sẵn sàng phối hợp.",
  disp="accepted", by=L1, resp="Tiếp thu, bổ sung vào khoản 2 Điều 10.")
C(DA, "Điều 10 khoản 4", "SKHDT-01",
  "Việc nghiên cứu hình thành khu công nghệ thông tin tập trung cần đánh giá kỹ khả năng thu hút nhà đầu tư, quỹ đất và cơ chế; đề nghị chuyển sang giai đoạn sau năm 2025.",
  disp="explained", by=L1,
  resp="Giải trình: Đề án chỉ nêu \"nghiên cứu\", chưa bố trí kinh phí đầu tư trong giai đoạn 2021–2025; việc đánh giá khả năng thu hút đầu tư sẽ thực hiện trong quá trình lập quy hoạch tỉnh.")
C(DA, "Điều 11 khoản 2", "SYT-01",
  "Hồ sơ sức khỏe điện tử cần thực hiện theo hướng dẫn của Bộ Y tế và bảo mật dữ liệu cá nhân; đề nghị ghi rõ đây là nhiệm vụ của Sở Y tế chủ trì.",
  disp="accepted", by=L2, resp="Tiếp thu, bổ sung trách nhiệm của Sở Y tế tại Điều 15.")
C(DA, "Điều 12 khoản 1", "SNV-01",
  "Việc bố trí cán bộ chuyên trách công nghệ thông tin tại các sở, ngành, UBND cấp huyện phải trong tổng biên chế được giao; đề nghị không đặt vấn đề tăng biên chế.",
  disp="accepted", by=L2, resp="Tiếp thu, bổ sung cụm từ \"trong tổng số biên chế được giao\".")
C(DA, "Điều 12 khoản 2", "BTC-01",
  "Chính sách thu hút chuyên gia công nghệ thông tin cần thống nhất với chính sách thu hút nhân tài chung của tỉnh, tránh mỗi ngành một chính sách riêng.")
C(DA, "Điều 13 khoản 1", "HU-TD-01", SAME_NGUONLUC)
C(DA, "Điều 13 khoản 1", "TP-VY-01",
  "Đề nghị làm rõ nguồn lực ngân sách nhà nước và nguồn xã hội hóa, có phân kỳ đầu tư phù hợp cho từng giai đoạn.")
C(DA, "Điều 13 khoản 1", "HU-SL-01",
  "Đề nghị làm rõ nguồn lực ngân sách nhà nước và nguồn lực xã hội hóa, phân kỳ đầu tư cho phù hợp từng giai đoạn.")
C(DA, "Điều 13 khoản 1", "HU-LT-01",
  "Ngân sách cấp huyện khoảng 150 tỷ đồng là quá sức với các huyện miền núi; đề nghị ngân sách tỉnh hỗ trợ có mục tiêu cho các huyện Lập Thạch, Sông Lô, Tam Đảo.",
  disp="escalated", by=L2,
  resp="Xin ý kiến Thường trực Tỉnh ủy về tỷ lệ ngân sách tỉnh hỗ trợ có mục tiêu cho các huyện miền núi.")
C(DA, "Điều 14 khoản 2", "STC-01", CSV_HOSTILE,
  disp="accepted", by=L2,
  resp="Tiếp thu; đã rà soát và thống nhất số liệu giữa lời văn, bảng khái toán và phụ lục (giai đoạn 2023–2025: 900 tỷ đồng).")
C(DA, "Điều 15 khoản 3", "SNV-01",
  "Đề nghị sửa \"bố trí biên chế\" thành \"hướng dẫn bố trí vị trí việc làm\", vì việc giao biên chế thực hiện theo quy định của cấp có thẩm quyền.",
  disp="accepted", by=L2, resp="Tiếp thu, sửa khoản 3 Điều 15.")
C(DA, "Điều 15 khoản 5", "HU-YL-01",
  "Đề nghị có mẫu kế hoạch chuyển đổi số thống nhất cho cấp huyện, cấp xã để thuận lợi khi tổng hợp, báo cáo.")
C(DA, "Điều 16 khoản 2", "UBKT-01", SAME_KPI,
  disp="accepted", by=L1,
  resp="Tiếp thu, bổ sung Phụ lục III: bộ chỉ số đánh giá theo năm, gồm chỉ số đầu ra (số hồ sơ trực tuyến, số dữ liệu được chia sẻ) và chỉ số hài lòng.")
C(DA, "Điều 16 khoản 2", "HDND-01", SAME_KPI,
  disp="accepted", by=L1,
  resp="Tiếp thu, bổ sung Phụ lục III: bộ chỉ số đánh giá theo năm, gồm chỉ số đầu ra (số hồ sơ trực tuyến, số dữ liệu được chia sẻ) và chỉ số hài lòng.")
C(DA, "", "HU-SL-01", SAME_NHATTRI,
  disp="noted", by=L1, resp="Ghi nhận sự nhất trí của đơn vị.")
C(DA, "", "SYT-01", SAME_NHATTRI,
  disp="noted", by=L1, resp="Ghi nhận sự nhất trí của đơn vị.")
C(DA, "", "UBKT-01",
  "Dự thảo còn dài, một số nội dung trùng lặp giữa Chương II và Chương IV (trách nhiệm của Sở Thông tin và Truyền thông được nêu nhiều lần); đề nghị rà soát, biên tập lại cho ngắn gọn.",
  disp="accepted", by=L1, resp="Tiếp thu, biên tập lại toàn văn dự thảo.")
C(DA, "", "TU-VP-03",
  "Đề nghị thống nhất cách viết \"chính quyền số\", \"chính quyền điện tử\" trong toàn văn; các chữ viết tắt IOC, LGSP, SOC, DTI, GRDP cần được giải thích ở lần xuất hiện đầu tiên.",
  disp="accepted", by=L1, resp="Tiếp thu; bổ sung mục giải thích từ ngữ và chữ viết tắt.")
C(DA, "", HHDN[0],
  "Cộng đồng doanh nghiệp rất mong Đề án sớm được ban hành. Đề nghị lấy ý kiến doanh nghiệp trong quá trình xây dựng các chính sách hỗ trợ, và công khai danh mục dữ liệu mở để doanh nghiệp khai thác, phát triển dịch vụ.",
  unit=HHDN[1])

# written comments on the resolutions
at("2021-04-26T07:45:00Z")
C(THD, "Điều 1 khoản 1", "HU-TD-01", unit="Huyện ủy Tam Dương", body=
  "Đề nghị bổ sung vào danh mục dự án đường giao thông nối trung tâm huyện Tam Dương với đường Hợp Thịnh – Đạo Tú (diện tích khoảng 4,2 ha) đã có chủ trương đầu tư và bố trí vốn năm 2021.",
  disp="accepted", by=P1,
  resp="Tiếp thu, bổ sung dự án vào danh mục (phụ lục số 01, mục giao thông, huyện Tam Dương).")
C(THD, "Điều 1 khoản 1", "HU-LT-01",
  "Huyện Lập Thạch đề nghị bổ sung 03 dự án khu dân cư nông thôn đã được phê duyệt trong kế hoạch sử dụng đất năm 2021 của huyện.",
  disp="partly", by=P1,
  resp="Tiếp thu 02 dự án đủ điều kiện; 01 dự án chưa có văn bản chấp thuận chủ trương đầu tư nên chưa đưa vào danh mục.")
C(THD, "Điều 1 khoản 2", "HDND-01",
  "Đề nghị dẫn chiếu đúng căn cứ: HĐND tỉnh thông qua danh mục dự án cần thu hồi đất theo khoản 3 Điều 62 Luật Đất đai, đồng thời bổ sung căn cứ này vào phần căn cứ ban hành.",
  disp="accepted", by=P1, resp="Tiếp thu, bổ sung căn cứ khoản 3 Điều 62 Luật Đất đai.")
C(THD, "Điều 3 khoản 1", "MTTQ-01",
  "Đề nghị bổ sung yêu cầu tổ chức đối thoại với người có đất bị thu hồi và công khai phương án bồi thường tại nhà văn hóa thôn, tổ dân phố ít nhất 20 ngày trước khi phê duyệt.")
C(THD, "Điều 3 khoản 3", "STC-01",
  "Nhất trí không thu hồi đất đối với dự án chưa bố trí được vốn bồi thường; đề nghị bổ sung yêu cầu chủ đầu tư dự án ngoài ngân sách phải ký quỹ hoặc có văn bản cam kết tài chính.",
  disp="explained", by=P1,
  resp="Giải trình: việc ký quỹ bảo đảm thực hiện dự án đã được quy định tại Luật Đầu tư và Nghị định hướng dẫn, không nhắc lại trong Nghị quyết.")
C(DTL, "Điều 1 khoản 1", "SNN-01",
  "Đề nghị rà soát kỹ các dự án sử dụng đất chuyên trồng lúa nước tại vùng sản xuất lúa chất lượng cao của các huyện Vĩnh Tường, Yên Lạc, hạn chế tối đa việc chuyển mục đích đất lúa năng suất cao.",
  disp="accepted", by=P1,
  resp="Tiếp thu; đã rà soát, đưa ra khỏi danh mục 04 dự án nằm trong vùng sản xuất lúa chất lượng cao.")
C(DTL, "Điều 3 khoản 2", "SNN-01",
  "Việc sử dụng tầng đất mặt cần có hướng dẫn cụ thể về nơi tiếp nhận, khối lượng và trách nhiệm giám sát của UBND cấp xã, tránh tình trạng tận dụng đất mặt để san lấp.")
C(CN, "Điều 2 khoản 2", "SNN-01",
  "Đề nghị bổ sung tại điểm b nội dung đánh giá nguồn nước sông Phó Đáy vào mùa khô, do lưu lượng những năm gần đây suy giảm mạnh.")
C(CN, "Điều 3 khoản 1", "SYT-01",
  "Đề nghị thống nhất khái niệm \"nước hợp vệ sinh\" và \"nước sạch đạt quy chuẩn\" theo Quy chuẩn kỹ thuật quốc gia về chất lượng nước sạch sử dụng cho mục đích sinh hoạt; bổ sung trách nhiệm kiểm tra chất lượng nước định kỳ.")

# ---- the conference, 27/4/2021 (08:00 local time = 01:00 UTC) ------------------------
at("2021-04-27T01:05:00Z")
chair = C(DA, "", "TTTU-01",
  "Đề nghị các đồng chí tập trung cho ý kiến vào ba vấn đề: sự cần thiết ban hành Nghị quyết chuyên đề của Ban Thường vụ Tỉnh ủy về chuyển đổi số; tính khả thi của các mục tiêu đến năm 2025 và năm 2030; nguồn lực và phân kỳ đầu tư.",
  disp="noted", by=L1,
  resp="Tổ biên tập tổng hợp các ý kiến theo ba nhóm vấn đề do đồng chí chủ trì hội nghị nêu.")
r_btg = C(DA, "", "BTG-01",
  "Ban Tuyên giáo nhất trí cao về sự cần thiết. Đề án là bước quan trọng để cụ thể hóa Nghị quyết Đại hội XIII của Đảng và Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII; cần ban hành Nghị quyết chuyên đề của Ban Thường vụ Tỉnh ủy để tạo sự thống nhất trong toàn hệ thống chính trị.",
  reply=chair, unit="Ban Tuyên giáo Tỉnh ủy")
r_khdt = C(DA, "", "SKHDT-01",
  "Về nguồn lực: tổng kinh phí 1.250 tỷ đồng chưa khớp với dự kiến kế hoạch đầu tư công trung hạn 2021–2025 đã trình HĐND tỉnh; Sở Kế hoạch và Đầu tư đề nghị làm việc lại với Sở Thông tin và Truyền thông để cân đối trước khi trình.",
  reply=chair)
C(DA, "", "HU-TD-01",
  "Huyện ủy Tam Dương nhất trí sự cần thiết; đề nghị Đề án có cơ chế hỗ trợ cấp huyện, cấp xã vì nguồn lực của địa phương rất hạn chế.",
  reply=chair)
C(DA, "", "CA-01",
  "Công an tỉnh nhất trí; đề nghị Đề án thể hiện rõ hơn yêu cầu bảo đảm an ninh mạng xuyên suốt tất cả các nhiệm vụ, không chỉ riêng Điều 8.",
  reply=chair)
C(DA, "", "TP-VY-01",
  "Về mục tiêu: thành phố Vĩnh Yên sẵn sàng làm điểm về đô thị thông minh; đề nghị Đề án giao nhiệm vụ, thời hạn cụ thể để thành phố chủ động bố trí nguồn lực.",
  reply=chair)
r_stc = C(DA, "", "STC-01",
  "Sở Tài chính đề nghị tách rõ chi đầu tư phát triển và chi thường xuyên (thuê dịch vụ, duy trì, vận hành); hiện các hệ thống sau khi đầu tư thường thiếu kinh phí vận hành.",
  reply=chair)
C(DA, "", "BTC-01",
  "Nhất trí ban hành Nghị quyết chuyên đề; đề nghị quy định rõ trách nhiệm người đứng đầu và đưa vào kiểm điểm cuối năm.",
  reply=chair)
C(DA, "", "MTTQ-01",
  "Đề nghị bổ sung vai trò giám sát của Mặt trận Tổ quốc và các đoàn thể, lấy sự hài lòng của người dân làm thước đo hiệu quả của Đề án.",
  reply=chair)
C(DA, "", "HU-BX-01",
  "Bình Xuyên có nhiều khu công nghiệp, nhu cầu hạ tầng số rất lớn; đề nghị ưu tiên phân kỳ đầu tư hạ tầng số cho các khu công nghiệp ngay từ giai đoạn 2021–2022.",
  reply=chair)
r_l1 = C(DA, "", L1,
  "Tổ biên tập sẽ làm việc với Sở Kế hoạch và Đầu tư, Sở Tài chính trong tuần này để thống nhất số liệu.",
  reply=r_khdt)
C(DA, "", "SKHDT-01",
  "Nhất trí; đề nghị gửi lại bảng khái toán chi tiết theo danh mục nhiệm vụ trước ngày 30/4.",
  reply=r_l1)
C(DA, "", L2,
  "Tiếp thu; Điều 13 sẽ tách riêng dòng kinh phí duy trì, vận hành và thuê dịch vụ hằng năm.",
  reply=r_stc)

# the cybersecurity centre: one thread six levels deep
soc = C(DA, "Điều 8 khoản 2", "CA-01", unit="Công an tỉnh", body=
  "Công an tỉnh đề nghị làm rõ mô hình Trung tâm giám sát, điều hành an ninh an toàn mạng: đơn vị nào chủ trì, quan hệ thế nào với lực lượng chuyên trách bảo vệ an ninh mạng của Công an tỉnh, tránh chồng chéo chức năng.",
  disp="escalated", by=L1,
  resp="Tổ biên tập bổ sung hai phương án tổ chức (tự vận hành trên cơ sở bộ máy hiện có; thuê dịch vụ giám sát) kèm khái toán kinh phí, xin ý kiến Ban Thường vụ Tỉnh ủy lựa chọn.")
s1 = C(DA, "Điều 8 khoản 2", L1,
  "Theo hướng dẫn của Bộ Thông tin và Truyền thông, trung tâm giám sát an toàn thông tin (SOC) của tỉnh do Sở Thông tin và Truyền thông vận hành, giám sát các hệ thống thông tin của cơ quan nhà nước; Công an tỉnh thực hiện chức năng bảo vệ an ninh mạng theo Luật An ninh mạng. Hai lực lượng phối hợp, không chồng chéo.",
  reply=soc)
s2 = C(DA, "Điều 8 khoản 2", "CA-01",
  "Đề nghị ghi rõ trong Đề án cơ chế chia sẻ thông tin, cảnh báo giữa trung tâm và Công an tỉnh; đối với hệ thống thông tin quan trọng về an ninh quốc gia thì phải thực hiện theo Luật An ninh mạng.",
  reply=s1)
s3 = C(DA, "Điều 8 khoản 2", "SNV-01",
  "Sở Nội vụ lưu ý: dự thảo ghi \"không tăng biên chế\", nhưng để vận hành giám sát 24/7 cần tối thiểu 8–10 người có chuyên môn sâu, hiện Sở Thông tin và Truyền thông không có đủ; đề nghị tính phương án thuê dịch vụ giám sát.",
  reply=s2)
s4 = C(DA, "Điều 8 khoản 2", "STC-01",
  "Nếu thuê dịch vụ giám sát thì kinh phí thường xuyên hằng năm ước khoảng 3–5 tỷ đồng; cần đưa vào dự toán từ năm 2022 và ghi rõ tại Điều 13.",
  reply=s3)
C(DA, "Điều 8 khoản 2", L2,
  "Tổ biên tập sẽ bổ sung hai phương án (tự vận hành hoặc thuê dịch vụ) kèm khái toán kinh phí để Ban Thường vụ lựa chọn.",
  reply=s4)
C(DA, "Điều 8 khoản 2", "TTTU-01",
  "Đồng ý hướng trình hai phương án. Sở Thông tin và Truyền thông chủ trì, phối hợp Công an tỉnh, Sở Nội vụ, Sở Tài chính hoàn thiện trước ngày 05/5.",
  reply=soc)

C(DA, "Điều 8", "CA-02",
  "Đề nghị bổ sung diễn tập thực chiến có sự tham gia của Công an tỉnh, sử dụng các kịch bản tấn công có chủ đích vào Cổng dịch vụ công và hệ thống một cửa điện tử.",
  disp="accepted", by=L2, resp="Tiếp thu, bổ sung vào khoản 3 Điều 8.")
C(DA, "Điều 8 khoản 1", "UBKT-01",
  "Đề nghị bổ sung trách nhiệm của người đứng đầu cơ quan, đơn vị khi để xảy ra sự cố mất an toàn thông tin, lộ lọt bí mật nhà nước trên không gian mạng.")
C(DA, "Điều 8 khoản 1", "STTTT-03",
  "Mô hình bảo vệ bốn lớp cần được hướng dẫn cụ thể cho cấp huyện (lực lượng tại chỗ, giám sát, bảo vệ chuyên nghiệp, kiểm tra độc lập); đề nghị giao Sở Thông tin và Truyền thông ban hành hướng dẫn trong năm 2021.")
t_hm = C(DA, "Điều 8/Khoản 4", "HU-BX-01", SAME_TAPHUAN)
C(DA, "Điều 8/Khoản 4", L2,
  "Nội dung này trùng với ý kiến của Huyện ủy Tam Dương, Huyện ủy Lập Thạch; tổ biên tập tổng hợp chung.",
  reply=t_hm)

# targets
k15 = C(DA, "Điều 3 khoản 1", "TTTU-01",
  "Mục tiêu đến năm 2025 thuộc nhóm 15 và đến năm 2030 thuộc nhóm 10 địa phương tốt nhất cả nước thể hiện quyết tâm chính trị; đề nghị giữ nguyên nhưng phải có giải pháp đột phá tương xứng.",
  disp="noted", by=L1, resp="Ghi nhận; giữ nguyên mục tiêu.")
r15 = C(DA, "Điều 3 khoản 1", "SKHDT-01",
  "Nhất trí giữ mục tiêu thứ hạng; riêng chỉ tiêu kinh tế số 15% GRDP đề nghị ghi rõ là chỉ tiêu phấn đấu và đưa cách tính vào phụ lục.",
  reply=k15)
C(DA, "Điều 3 khoản 1", L1,
  "Tổ biên tập sẽ bổ sung phương pháp tính theo hướng dẫn tạm thời của Bộ Thông tin và Truyền thông, cập nhật khi Tổng cục Thống kê ban hành phương pháp chính thức.",
  reply=r15)
C(DA, "Điều 3 khoản 1", "CA-02",
  "Tại điểm g, đề nghị bổ sung chỉ tiêu 100% hệ thống thông tin quan trọng của tỉnh được giám sát an ninh mạng thường xuyên, liên tục.",
  disp="accepted", by=L2, resp="Tiếp thu, bổ sung vào điểm g khoản 1 Điều 3.")
C(DA, "Điều 3 khoản 1", "STTTT-03",
  "Từ năm 2021 Bộ Thông tin và Truyền thông đánh giá theo Chỉ số chuyển đổi số cấp tỉnh (DTI) thay cho ICT Index; đề nghị các chỉ tiêu thứ hạng thống nhất dùng DTI.",
  disp="accepted", by=L1, resp="Tiếp thu; thống nhất sử dụng Chỉ số DTI trong toàn văn.")
C(DA, "Điều 3 khoản 1", VTL[0],
  "Viettel Vĩnh Phúc sẵn sàng phối hợp thử nghiệm 5G tại Vĩnh Yên, Phúc Yên và các khu công nghiệp ngay trong năm 2021; đề nghị tỉnh hỗ trợ thủ tục cấp phép xây dựng trạm và sử dụng chung cột, tòa nhà công.",
  unit=VTL[1], disp="noted", by=L2,
  resp="Ghi nhận; giao Sở Thông tin và Truyền thông làm việc cụ thể với các doanh nghiệp viễn thông.")
C(DA, "Điều 3 khoản 1", "HU-BX-01",
  "Đề nghị bổ sung mục tiêu đến năm 2025 có 100% khu công nghiệp đang hoạt động được phủ cáp quang và thử nghiệm 5G.")
C(DA, "Điều 3 khoản 2", "TP-VY-01",
  "Điểm d nên tách riêng mục tiêu cho thành phố Vĩnh Yên (đô thị loại I) để làm hạt nhân, sau đó mới nhân rộng.")

# awareness, mechanisms
C(DA, "Điều 4 khoản 1", "HU-YL-01",
  "Đề nghị quy định cụ thể: mỗi cấp ủy cấp huyện ban hành nghị quyết hoặc kế hoạch chuyên đề về chuyển đổi số trong năm 2021.")
C(DA, "Điều 4", "MTTQ-01",
  "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong tuyên truyền, vận động đoàn viên, hội viên tham gia chuyển đổi số.",
  disp="accepted", by=L1, resp="Tiếp thu, bổ sung khoản 4 Điều 4.")
C(DA, "Điều 4 khoản 2", "TU-VP-03",
  "Nên bổ sung Cổng thông tin điện tử của tỉnh và các trang mạng xã hội chính thức của cơ quan nhà nước vào kênh tuyên truyền.")
db = C(DA, "Điều 5", "HU-SL-01",
  "Đề nghị tỉnh có đòn bẩy về cơ chế, chính sách, quyết tâm chính trị cao để triển khai các bước thực hiện chính quyền số; cấp huyện rất cần hướng dẫn cụ thể.")
C(DA, "Điều 5", L1,
  "Ý kiến này trùng với ý kiến của nhiều đơn vị; tổ biên tập sẽ bổ sung chính sách hỗ trợ ở khoản 2 và trình HĐND tỉnh một nghị quyết riêng về chính sách hỗ trợ chuyển đổi số.",
  reply=db)
C(DA, "Điều 5 khoản 2", HHDN[0],
  "Đề nghị chính sách hỗ trợ doanh nghiệp nhỏ và vừa theo hình thức \"phiếu hỗ trợ\" (voucher) để doanh nghiệp tự chọn nền tảng số phù hợp, thủ tục đơn giản, giải ngân nhanh.",
  unit=HHDN[1])
C(DA, "Điều 5 khoản 1", "HDND-01",
  "Quy chế gửi, nhận văn bản điện tử cần quy định rõ văn bản nào bắt buộc gửi kèm bản giấy; hiện nhiều cơ quan vẫn gửi song song gây lãng phí.")

# infrastructure, data
C(DA, "Điều 6 khoản 1", "HU-YL-01", TERMINAL)
C(DA, "Điều 6 khoản 1", VNPT[0],
  "VNPT Vĩnh Phúc đề nghị tỉnh xem xét hình thức thuê dịch vụ hạ tầng đám mây đạt chuẩn của doanh nghiệp viễn thông trong nước thay vì đầu tư mới toàn bộ, giúp giảm chi phí đầu tư ban đầu và bảo đảm sẵn sàng mở rộng.",
  unit=VNPT[1], disp="partly", by=L2,
  resp="Tiếp thu một phần: bổ sung phương án kết hợp (Trung tâm dữ liệu của tỉnh cho hệ thống lõi, thuê dịch vụ đám mây cho các hệ thống khác) theo tiêu chí của Bộ Thông tin và Truyền thông.")
C(DA, "Điều 6 khoản 2", "HU-SL-01",
  "Hiện còn một số xã của huyện Sông Lô chưa có mạng truyền số liệu chuyên dùng, đường truyền Internet chập chờn; đề nghị ưu tiên triển khai trong năm 2021.")
C(DA, "Điều 7 khoản 3", "HDND-01", CJK)
C(DA, "Điều 7 khoản 3", "TU-VP-01",
  "Đề nghị bổ sung yêu cầu không yêu cầu người dân nộp lại giấy tờ mà cơ quan nhà nước đã có trong cơ sở dữ liệu.",
  disp="accepted", by=L1, resp="Tiếp thu, bổ sung vào khoản 3 Điều 7.")
C(DA, "Điều 7 khoản 1", "STTTT-03",
  "Kiến trúc chính quyền điện tử phiên bản 2.0 cần cập nhật theo Khung kiến trúc Chính phủ điện tử Việt Nam phiên bản 2.0 của Bộ Thông tin và Truyền thông.")

# smart city, digital economy and society
C(DA, "Điều 9 khoản 2", "STNMT-01",
  "Điểm c: quan trắc môi trường tự động đề nghị ưu tiên các điểm nóng về ô nhiễm không khí, nước thải tại Vĩnh Yên, Phúc Yên, Bình Xuyên.")
C(DA, "Điều 9 khoản 3", "SKHDT-01",
  "Hình thức hợp tác công tư trong lĩnh vực đô thị thông minh phải tuân thủ Luật Đầu tư theo phương thức đối tác công tư năm 2020; đề nghị sửa lại cho phù hợp.",
  disp="accepted", by=L1, resp="Tiếp thu, dẫn chiếu Luật Đầu tư theo phương thức đối tác công tư.")
C(DA, "Điều 10 khoản 3", "SCT-01",
  "Đề nghị bổ sung chỉ tiêu tỷ lệ giao dịch thanh toán không dùng tiền mặt đối với dịch vụ công, điện, nước, học phí, viện phí đến năm 2025.")
C(DA, "Điều 10", HHDN[0],
  "Doanh nghiệp nhỏ và vừa thiếu nhân lực và vốn để chuyển đổi số; đề nghị Đề án giao đầu mối hỗ trợ, có danh sách các giải pháp số được khuyến nghị và đơn giá tham khảo.",
  unit=HHDN[1])
C(DA, "Điều 11 khoản 1", "HU-VT-01", NFD_BODY, nfd=True)
C(DA, "Điều 11 khoản 3", DOAN[0], EMOJI, unit=DOAN[1],
  disp="accepted", by=L1,
  resp="Tiếp thu; bổ sung Tỉnh đoàn vào trách nhiệm phối hợp tại Điều 15.")
C(DA, "Điều 11 khoản 2", "SGDDT-01",
  "Chuyển đổi số trong giáo dục cần quan tâm học sinh vùng khó khăn chưa có thiết bị; đề nghị có chương trình hỗ trợ máy tính, kết nối Internet.")
C(DA, "Điều 12 khoản 3", CDVP[0],
  "Trường Cao đẳng Vĩnh Phúc có thể mở thêm các lớp ngắn hạn về quản trị mạng, an toàn thông tin cho cán bộ cấp xã và nhân lực cho doanh nghiệp; đề nghị Đề án có cơ chế đặt hàng đào tạo.",
  unit=CDVP[1])

# resources and phasing
C(DA, "Điều 13 khoản 3", VNPT[0],
  "Đề nghị công bố sớm danh mục dịch vụ công nghệ thông tin tỉnh có nhu cầu thuê để doanh nghiệp chủ động chuẩn bị, bảo đảm cạnh tranh minh bạch.",
  unit=VNPT[1])
nl = C(DA, "Điều 13", "HU-VT-01",
  "Đề nghị làm rõ nguồn lực ngân sách nhà nước và nguồn lực xã hội hóa, có phân kỳ đầu tư phù hợp với từng giai đoạn.")
C(DA, "Điều 13", L2,
  "Tổ biên tập đang cùng Sở Kế hoạch và Đầu tư, Sở Tài chính thống nhất lại bảng phân kỳ; sẽ gửi các đơn vị trước khi trình.",
  reply=nl)
C(DA, "Điều 14 khoản 1", "HU-BX-01",
  "Giai đoạn 2021–2022 chỉ còn khoảng một năm rưỡi, khối lượng việc lớn; đề nghị xác định danh mục nhiệm vụ ưu tiên số một để bảo đảm khả thi.")
C(DA, "Điều 14 khoản 3", "SKHDT-01",
  "Đề nghị bổ sung cụm từ \"phù hợp với khả năng cân đối của ngân sách\" khi xác định kinh phí giai đoạn 2026–2030.",
  disp="accepted", by=L2, resp="Tiếp thu.")
C(DA, "Điều 16 khoản 3", "BTC-01",
  "Nên sơ kết hằng năm thay vì chỉ sơ kết giữa kỳ năm 2023, để kịp thời điều chỉnh.")
C(DA, "Điều 16 khoản 1", "TU-VP-03",
  "Đề nghị bổ sung báo cáo về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy) định kỳ 6 tháng.",
  disp="accepted", by=L1, resp="Tiếp thu.")
C(DA, "Điều 15 khoản 4", "CA-01",
  "Công an tỉnh nhất trí với nhiệm vụ được giao; đề nghị bổ sung trách nhiệm thẩm định an ninh mạng đối với các hệ thống thông tin quan trọng trước khi đưa vào vận hành.",
  disp="accepted", by=L2, resp="Tiếp thu, bổ sung vào khoản 4 Điều 15.")

# ---- afternoon: the resolutions --------------------------------------------------------
at("2021-04-27T06:35:00Z")
thd = C(THD, "", "TTTU-01",
  "Đề nghị UBND tỉnh rà soát kỹ từng dự án, chỉ đưa vào danh mục những dự án đã rõ nguồn vốn và có khả năng triển khai trong năm 2021, tránh tình trạng thông qua nhiều nhưng thực hiện ít.",
  disp="accepted", by=P1,
  resp="Tiếp thu; Sở Tài nguyên và Môi trường phối hợp Sở Kế hoạch và Đầu tư rà soát lại toàn bộ danh mục theo nguồn vốn.")
t1 = C(THD, "", P1,
  "Sở Tài nguyên và Môi trường đã rà soát lần 1; 186 dự án đều có trong kế hoạch sử dụng đất năm 2021 cấp huyện, trong đó 31 dự án ngoài ngân sách đã có chấp thuận chủ trương đầu tư.",
  reply=thd)
C(THD, "", "SKHDT-01",
  "Đề nghị gửi kèm bảng đối chiếu nguồn vốn của từng dự án đầu tư công để Sở Kế hoạch và Đầu tư kiểm tra.",
  reply=t1)
C(THD, "Điều 1 khoản 1", "TP-PY-01",
  "Đề nghị tách dự án chỉnh trang đô thị khu vực phường Trưng Trắc thành hai giai đoạn để phù hợp khả năng bố trí vốn bồi thường.")
C(THD, "Điều 1 khoản 1", "BQLKCN-01",
  "Điểm đ: đề nghị nêu rõ tên các cụm công nghiệp, tránh gộp chung với \"dự án khác\".",
  disp="accepted", by=P1, resp="Tiếp thu, tách riêng nhóm dự án cụm công nghiệp trong phụ lục.")
C(THD, "Điều 2 khoản 2", "HDND-01",
  "Việc hủy bỏ 17 dự án cần công bố công khai để người dân biết, tránh tình trạng \"quy hoạch treo\" kéo dài.",
  disp="accepted", by=P1, resp="Tiếp thu, bổ sung yêu cầu công bố công khai.")
C(THD, "Điều 2 khoản 1", "SXD-01",
  "Đề nghị kiểm tra sự phù hợp với quy hoạch chung đô thị của các dự án được điều chỉnh tên, quy mô, địa điểm.")
C(THD, "Điều 3 khoản 2", "MTTQ-01",
  "Nhất trí ưu tiên tái định cư tại chỗ; đề nghị bổ sung yêu cầu khu tái định cư phải có điều kiện sống bằng hoặc tốt hơn nơi ở cũ.",
  disp="accepted", by=P1, resp="Tiếp thu.")
C(THD, "Điều 4", "HU-YL-01", SAME_NHATTRI)
C(THD, "Điều 4 khoản 1", "STNMT-01",
  "Đề nghị giao UBND cấp huyện báo cáo tiến độ thu hồi đất hằng quý về Sở Tài nguyên và Môi trường để tổng hợp.")
tl = C(THD, "Điều 3 khoản 3", "SKHDT-01",
  "Đối với dự án đầu tư công, \"bố trí được nguồn vốn\" cần hiểu là đã được giao kế hoạch vốn năm 2021 hoặc có trong kế hoạch đầu tư công trung hạn; đề nghị ghi rõ để thống nhất khi thực hiện.")
C(THD, "Điều 3 khoản 3", P1, "Nhất trí, sẽ bổ sung cách hiểu này.", reply=tl)

dtl = C(DTL, "Điều 1 khoản 2", "HDND-01",
  "Đề nghị kiểm tra lại từng dự án để bảo đảm diện tích đất trồng lúa cần chuyển mục đích dưới 10 ha, đúng thẩm quyền của HĐND tỉnh; dự án từ 10 ha trở lên phải trình Thủ tướng Chính phủ.",
  disp="accepted", by=P1,
  resp="Tiếp thu; đã rà soát, tất cả 143 dự án đều dưới 10 ha đất trồng lúa.")
C(DTL, "Điều 1 khoản 2", "STNMT-01",
  "Có 02 dự án khu đô thị tại huyện Bình Xuyên có tổng diện tích trên 10 ha nhưng phần đất trồng lúa dưới 10 ha, vẫn thuộc thẩm quyền HĐND tỉnh.",
  reply=dtl)
C(DTL, "Điều 2 khoản 2", "HU-VT-01",
  "Huyện Vĩnh Tường là vùng trọng điểm lúa của tỉnh; đề nghị cân nhắc giảm diện tích chuyển mục đích tại các xã thuộc vùng lúa chất lượng cao.")
C(DTL, "Điều 2 khoản 2", "HU-YL-01",
  "Đề nghị bổ sung 01 dự án trường mầm non tại huyện Yên Lạc (0,8 ha đất lúa) đã được phê duyệt chủ trương đầu tư.",
  disp="accepted", by=P1, resp="Tiếp thu.")
C(DTL, "Điều 3 khoản 1", "STC-01",
  "Đề nghị nêu rõ mức nộp tiền bảo vệ, phát triển đất trồng lúa áp dụng theo quyết định của UBND tỉnh và việc quản lý, sử dụng khoản thu này.",
  disp="explained", by=P1,
  resp="Giải trình: mức thu và việc quản lý, sử dụng đã được quy định tại Nghị định của Chính phủ và quyết định của UBND tỉnh, không nhắc lại trong Nghị quyết.")
C(DTL, "Điều 3 khoản 3", "SNN-01",
  "Đề nghị bổ sung yêu cầu chủ đầu tư phải hoàn trả hệ thống kênh mương, đường nội đồng bị ảnh hưởng trước khi thi công.")
C(DTL, "Điều 4 khoản 2", "HDND-01",
  "Đề nghị thống nhất thời hạn 03 năm với quy định của Luật Đất đai về hủy bỏ danh mục dự án.")
C(DTL, "", "HU-SL-01", SAME_NHATTRI)

cn = C(CN, "", "SNN-01",
  "Sở Nông nghiệp và Phát triển nông thôn báo cáo: quy hoạch cũ đã hết kỳ, đề nghị Ban Thường vụ cho chủ trương để kịp lập điều chỉnh trong năm 2021.")
C(CN, "", "SKHDT-01",
  "Theo Luật Quy hoạch, nội dung cấp nước nông thôn sẽ được tích hợp vào quy hoạch tỉnh; đề nghị làm rõ căn cứ pháp lý của việc điều chỉnh quy hoạch ngành trong giai đoạn chuyển tiếp.",
  reply=cn)
C(CN, "Điều 2 khoản 2", "SXD-01",
  "Điểm c: đề nghị phối hợp với quy hoạch cấp nước đô thị để tránh đầu tư chồng lấn mạng ống tại các xã giáp ranh đô thị.")
C(CN, "Điều 3 khoản 1", "HU-TDA-01",
  "Mục tiêu 85% dân số nông thôn dùng nước sạch từ công trình tập trung là khó đạt với các xã vùng cao của huyện Tam Đảo; đề nghị có chỉ tiêu riêng.")
C(CN, "Điều 3 khoản 2", "MTTQ-01",
  "Đề nghị quan tâm giá nước sạch nông thôn, bảo đảm phù hợp khả năng chi trả của người dân, nhất là hộ nghèo, hộ cận nghèo.")
C(CN, "Điều 4 khoản 2", "HU-SL-01",
  "Đề nghị bổ sung huyện Sông Lô vào danh sách được ngân sách hỗ trợ đầu tư mạng ống cấp nước, vì nhiều xã chưa có nước sạch tập trung.")
C(CN, "Điều 4 khoản 1", "SKHDT-01",
  "Đề nghị nêu rõ cơ chế lựa chọn nhà đầu tư công trình cấp nước tập trung, bảo đảm cạnh tranh, công khai.")
C(CN, "Điều 2 khoản 2", "STNMT-01",
  "Điểm d: đề nghị bổ sung giải pháp thu gom, xử lý chất thải rắn sinh hoạt nông thôn gắn với quy hoạch khu xử lý chất thải của tỉnh.")
C(CN, "Điều 5 khoản 1", "HU-LT-01", SAME_NHATTRI)

# ---- written comments received after the conference, and the drafting team's replies ---
at("2021-04-28T01:40:00Z")
C(DA, "Điều 1 khoản 4", "HU-YL-01",
  "Nhất trí cần thiết ban hành Nghị quyết chuyên đề của Ban Thường vụ Tỉnh ủy về chuyển đổi số; Đề án là căn cứ để xây dựng Nghị quyết.",
  disp="noted", by=L1, resp="Ghi nhận.")
C(DA, "Điều 1 khoản 4", "BTG-02",
  "Nhất trí sự cần thiết ban hành Nghị quyết chuyên đề của Ban Thường vụ Tỉnh ủy về chuyển đổi số để cụ thể hóa Nghị quyết Đại hội XIII của Đảng.",
  disp="noted", by=L1, resp="Ghi nhận.")
C(DA, "Điều 2 khoản 1", "BTG-01",
  "Đề nghị bổ sung cụm từ \"dưới sự lãnh đạo toàn diện, trực tiếp của Ban Thường vụ Tỉnh ủy\" để thống nhất với các nghị quyết chuyên đề khác.",
  disp="accepted", by=L1, resp="Tiếp thu.")
C(DA, "Điều 2 khoản 4", "HU-TDA-01",
  "Đề nghị làm rõ \"tỉnh công nghiệp phát triển theo hướng hiện đại\" cho thống nhất với Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII.")
C(DA, "Điều 3 khoản 1", "HU-TD-01",
  "Chỉ tiêu trên 80% hộ gia đình có cáp quang tại điểm e là khó với các thôn vùng đồi của Tam Dương; đề nghị doanh nghiệp viễn thông có cam kết phủ sóng.")
C(DA, "Điều 6 khoản 2", "HU-TDA-01",
  "Đề nghị ưu tiên mạng truyền số liệu chuyên dùng cho các xã vùng cao của huyện Tam Đảo.")
C(DA, "Điều 7 khoản 2", "SKHDT-01",
  "Điểm b: cơ sở dữ liệu doanh nghiệp cần đồng bộ với Hệ thống thông tin quốc gia về đăng ký doanh nghiệp, không xây dựng trùng.",
  disp="accepted", by=L1, resp="Tiếp thu.")
C(DA, "Điều 7 khoản 4", "CA-02",
  "Trung tâm điều hành thông minh cần được bảo vệ ở cấp độ cao nhất; đề nghị Công an tỉnh tham gia thẩm định thiết kế an ninh mạng.")
C(DA, "Điều 9", "SXD-01",
  "Đề nghị bổ sung dịch vụ quản lý trật tự xây dựng, cấp phép xây dựng trực tuyến gắn với bản đồ số quy hoạch.")
C(DA, "Điều 9 khoản 2", "TP-VY-01",
  "Điểm a: Vĩnh Yên đã có hệ thống đèn tín hiệu tại một số nút giao; đề nghị kế thừa, không đầu tư mới trùng lặp.")
C(DA, "Điều 10 khoản 2", "SCT-01",
  "Đề nghị phối hợp với các sàn thương mại điện tử lớn mở gian hàng chung của tỉnh Vĩnh Phúc.")
C(DA, "Điều 11 khoản 1", "MTTQ-01",
  "Đề nghị phổ cập kỹ năng số cho người dân gắn với cuộc vận động \"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh\".")
C(DA, "Điều 11 khoản 3", "BTG-01",
  "Nhất trí thành lập tổ công nghệ số cộng đồng, nên có hướng dẫn về thành phần, nhiệm vụ và chế độ hỗ trợ cho thành viên.")
C(DA, "Điều 12 khoản 1", "SGDDT-01",
  "Đề nghị đào tạo kỹ năng số cho cán bộ quản lý giáo dục, giáo viên theo chương trình bồi dưỡng thường xuyên của ngành.")
C(DA, "Điều 12 khoản 2", "STTTT-03",
  "Chính sách thu hút nhân lực an toàn thông tin cần mức hỗ trợ đủ hấp dẫn so với khu vực doanh nghiệp; đề nghị tham khảo mức hỗ trợ của một số tỉnh, thành phố lân cận.")
C(DA, "Điều 13 khoản 2", "CA-01",
  "Nhất trí ưu tiên ngân sách cho bảo đảm an toàn thông tin, an ninh mạng; đề nghị ghi rõ tỷ lệ tối thiểu 10% kinh phí của các dự án công nghệ thông tin dành cho an toàn thông tin.",
  disp="accepted", by=L2, resp="Tiếp thu, bổ sung vào khoản 2 Điều 13.")
C(DA, "Điều 13 khoản 1", "SKHDT-01",
  "Nguồn xã hội hóa 350 tỷ đồng chưa có căn cứ; đề nghị nêu rõ các dự án, hạng mục dự kiến huy động xã hội hóa.",
  disp="pending")
C(DA, "Điều 14 khoản 2", "TP-PY-01",
  "Đề nghị đưa dịch vụ đô thị thông minh tại Phúc Yên vào giai đoạn 2023–2025 cùng với Vĩnh Yên.")
C(DA, "Điều 15 khoản 2", "STC-01",
  "Đề nghị sửa thành \"Sở Tài chính cân đối, bố trí kinh phí chi thường xuyên; Sở Kế hoạch và Đầu tư cân đối vốn đầu tư phát triển\" để rõ trách nhiệm từng cơ quan.",
  disp="accepted", by=L2, resp="Tiếp thu.")
C(DA, "Điều 15 khoản 1", "BTG-02",
  "Đề nghị giao Ban Tuyên giáo Tỉnh ủy phối hợp chỉ đạo công tác tuyên truyền về chuyển đổi số.")
C(DA, "Điều 16 khoản 2", "SNV-01",
  "Đề nghị bộ chỉ số đánh giá chuyển đổi số được lồng ghép với Chỉ số cải cách hành chính (PAR INDEX) cấp sở, cấp huyện, tránh đánh giá nhiều lần.")
C(DA, "", "HU-BX-01",
  "Huyện ủy Bình Xuyên nhất trí cao với dự thảo Đề án; đề nghị sớm ban hành để các địa phương triển khai.",
  disp="noted", by=L1, resp="Ghi nhận.")
C(DA, "", CDVP[0],
  "Đề nghị bổ sung phụ lục danh mục các nhiệm vụ, dự án cụ thể, có cơ quan chủ trì, thời gian thực hiện và kinh phí để thuận lợi theo dõi.",
  unit=CDVP[1], disp="accepted", by=L1, resp="Tiếp thu; bổ sung Phụ lục IV danh mục nhiệm vụ, dự án.")
C(DA, "", "SXD-01",
  "Đề nghị rà soát thống nhất tên gọi \"dịch vụ đô thị thông minh\" và \"phát triển đô thị thông minh\" trong toàn văn.")
C(DA, "", "SCT-01", SAME_NHATTRI)

# drafting team replies to written comments
p = [r for r in ROWS if r["body"].startswith("Điểm a: cơ sở dữ liệu đất đai")][0]["id"]
C(DA, "Điều 7 khoản 2", L1,
  "Đã trao đổi với Sở Tài nguyên và Môi trường, thống nhất sửa như đề nghị.", reply=p)
p = [r for r in ROWS if r["author"] == "HU-LT-01" and r["body"].startswith("Chỉ tiêu 60%")][0]["id"]
q = C(DA, "Điều 3 khoản 1", L1,
  "Đề nghị Huyện ủy Lập Thạch cho biết số xã dự kiến khó đạt để tổ biên tập đề xuất giải pháp hỗ trợ riêng.", reply=p)
q2 = C(DA, "Điều 3 khoản 1", "HU-LT-01",
  "Dự kiến 6 xã vùng đồi núi khó đạt: chủ yếu do chưa có cáp quang đến trụ sở và thiếu máy tính cho cán bộ.", reply=q)
C(DA, "Điều 3 khoản 1", L1,
  "Cảm ơn đồng chí; tổ biên tập sẽ đưa 6 xã này vào danh mục ưu tiên mở rộng mạng truyền số liệu chuyên dùng năm 2021.", reply=q2)
p = [r for r in ROWS if r["body"] == LONG_BTG][0]["id"]
C(DA, "Điều 4 khoản 2", "MTTQ-01",
  "Ủy ban Mặt trận Tổ quốc tỉnh nhất trí với ý kiến của Ban Tuyên giáo về vai trò của Mặt trận và cơ chế tiếp nhận phản hồi của người dân.", reply=p)
p = [r for r in ROWS if r["body"] == TERMINAL][0]["id"]
C(DA, "Điều 6 khoản 1", L2,
  "Tổ biên tập ghi nhận, sẽ nghiên cứu phương án kết hợp như ý kiến của VNPT Vĩnh Phúc.", reply=p)
p = [r for r in ROWS if r["body"] == CJK][0]["id"]
C(DA, "Điều 7 khoản 3", L1,
  "Tổ biên tập tiếp thu tinh thần, sẽ nghiên cứu bổ sung mục tiêu giảm số lần đi lại của người dân khi giải quyết thủ tục hành chính.", reply=p)
p = [r for r in ROWS if r["body"] == EMOJI][0]["id"]
C(DA, "Điều 11 khoản 3", "BTG-01", "Nhất trí với đề xuất của Tỉnh đoàn.", reply=p)
p = [r for r in ROWS if r["body"] == CSV_HOSTILE][0]["id"]
C(DA, "Điều 14 khoản 2", L2,
  "Đã kiểm tra: bảng chi tiết thiếu dòng \"duy trì, vận hành Trung tâm điều hành thông minh\" 45 tỷ đồng; đã bổ sung.", reply=p)
p = [r for r in ROWS if r["author"] == "SGDDT-01" and r["section"] == "Điều 8 khoản 4"][0]["id"]
C(DA, "Điều 8 khoản 4", L2,
  "Tiếp thu mở rộng đối tượng tập huấn đến các trường học; đề nghị Sở Giáo dục và Đào tạo chủ trì tổ chức.", reply=p)
p = [r for r in ROWS if r["author"] == "HU-TDA-01" and r["section"] == "Điều 7 khoản 4"][0]["id"]
C(DA, "Điều 7 khoản 4", L1,
  "Giai đoạn 2021–2025 chỉ kết nối tại Vĩnh Yên, Phúc Yên; các huyện khai thác qua tài khoản truy cập, không phải đầu tư riêng.", reply=p)
p = [r for r in ROWS if r["author"] == "HU-VT-01" and r["section"] == "Điều 1 khoản 2"][0]["id"]
C(DA, "Điều 1 khoản 2", L1,
  "Tiếp thu, bổ sung đánh giá về tình trạng sử dụng song song văn bản giấy và cấp chữ ký số cho lãnh đạo cấp xã.", reply=p)
p = [r for r in ROWS if r["author"] == "HU-VT-01" and r["section"] == "Điều 2 khoản 2" and r["doc"] == DTL][0]["id"]
q = C(DTL, "Điều 2 khoản 2", P1,
  "Sở Tài nguyên và Môi trường sẽ cùng UBND huyện Vĩnh Tường rà soát từng dự án nằm trong vùng lúa chất lượng cao.", reply=p)
C(DTL, "Điều 2 khoản 2", "HU-VT-01", "Nhất trí, huyện sẽ gửi danh sách trong tuần.", reply=q)
p = [r for r in ROWS if r["author"] == "HU-TDA-01" and r["doc"] == CN][0]["id"]
C(CN, "Điều 3 khoản 1", "SNN-01",
  "Sở Nông nghiệp và Phát triển nông thôn sẽ nghiên cứu chỉ tiêu riêng cho vùng cao khi lập hồ sơ điều chỉnh quy hoạch.", reply=p)


# ---- the Đề án in the form đề án are written, and the Party committee's resolution ------
# The Đề án is structured Phần / I. / 1. / a) / - / + (no articles). The rows above were
# first written against an earlier numbering by articles (Điều 1–16); DA_ARTICLES maps each
# old article onto its mục and Phần, and modernise() rewrites those rows' section column and
# the references in their texts ("khoản 3 Điều 1" → "khoản 3 mục I Phần thứ nhất"). Rows
# whose section was written "Điều N/Khoản M" get the path form ("Phần thứ nhất/I/3"), so
# both spellings --section accepts are used.
DA_ARTICLES = {
    1: ("I", "Phần thứ nhất"), 2: ("II", "Phần thứ nhất"), 3: ("III", "Phần thứ nhất"),
    4: ("I", "Phần thứ hai"), 5: ("II", "Phần thứ hai"), 6: ("III", "Phần thứ hai"),
    7: ("IV", "Phần thứ hai"), 8: ("V", "Phần thứ hai"), 9: ("VI", "Phần thứ hai"),
    10: ("VII", "Phần thứ hai"), 11: ("VIII", "Phần thứ hai"), 12: ("IX", "Phần thứ hai"),
    13: ("I", "Phần thứ ba"), 14: ("II", "Phần thứ ba"),
    15: ("I", "Phần thứ tư"), 16: ("II", "Phần thứ tư"),
}
OLD_SECTION = re.compile(r"^Điều (\d+)(?:( khoản |/Khoản )(\d+))?$")
OLD_REFERENCE = re.compile(r"(?:điểm ([a-zđ]) )?(?:khoản (\d+) )?Điều (\d+)\b")


def da_citation(art, clause=None, point=None):
    roman, part = DA_ARTICLES[art]
    s = "mục %s %s" % (roman, part)
    if clause:
        s = "khoản %s %s" % (clause, s)
    if point:
        s = "điểm %s %s" % (point, s)
    return s


def modernise():
    for r in ROWS:
        if r["doc"] != DA or r.get("_modern"):
            continue
        m = OLD_SECTION.match(r["section"])
        if m:
            art, sep, clause = int(m.group(1)), m.group(2), m.group(3)
            if sep == "/Khoản ":
                roman, part = DA_ARTICLES[art]
                r["section"] = "%s/%s/%s" % (part, roman, clause)
            else:
                r["section"] = da_citation(art, clause)
        elif r["section"]:
            die("%s: unexpected section %r" % (r["id"], r["section"]))

        def ref(m):
            art = int(m.group(3))
            if art not in DA_ARTICLES:
                return m.group(0)
            return da_citation(art, m.group(2), m.group(1))
        for col in ("body", "response"):
            if not r["_nfd"] or col != "body":
                r[col] = OLD_REFERENCE.sub(ref, r[col])



def M(doc, section, author, body, **kw):
    """A comment written against the current structure (not remapped)."""
    cid = C(doc, section, author, body, **kw)
    ROWS[-1]["_modern"] = True
    return cid


NQ = "NQ-BTV-CDS-2021"

# ---- 28/4: comments on every level of the Đề án's new structure ----------------------------
at("2021-04-28T08:05:00Z")
M(DA, "Phần thứ hai", "HU-BX-01",
  "Phần thứ hai nên sắp xếp các mục theo ba trụ cột chính quyền số, kinh tế số, xã hội số, rồi đến các nội dung nền tảng (hạ tầng, dữ liệu, an toàn thông tin, nhân lực), để dễ giao việc và theo dõi.",
  disp="explained", by=L1,
  resp="Giải trình: các mục của Phần thứ hai được sắp theo thứ tự các nhiệm vụ của Chương trình Chuyển đổi số quốc gia để thuận tiện đối chiếu khi báo cáo; Phụ lục phân công nhiệm vụ đã nhóm theo ba trụ cột.")
M(DA, "phần mở đầu", "HDND-01",
  "Phần căn cứ nên bổ sung các văn bản của Trung ương về chuyển đổi số ban hành trong năm 2021 (nếu có trước khi trình), và bỏ bớt căn cứ không trực tiếp liên quan.")
M(DA, "điểm d khoản 1 mục III Phần thứ nhất", "TP-VY-01",
  "Thành phố Vĩnh Yên đề nghị được chọn là nơi đặt và vận hành thử Trung tâm điều hành thông minh cấp huyện đầu tiên, kết nối với Trung tâm của tỉnh.")
p = M(DA, "Phần thứ hai/V/2/-2", "CA-02",
  "Tại gạch đầu dòng thứ hai, đề nghị ghi rõ: mọi sự cố có dấu hiệu tấn công có chủ đích đều phải thông báo ngay cho Công an tỉnh, không chờ phân loại mức độ.",
  disp="accepted", by=L2,
  resp="Tiếp thu, bổ sung câu: sự cố có dấu hiệu tấn công có chủ đích được thông báo ngay cho Công an tỉnh.")
M(DA, "Phần thứ hai/V/2/-2", L2,
  "Tổ biên tập sẽ bổ sung vào quy chế phối hợp giữa Trung tâm SOC và Công an tỉnh.", reply=p)
M(DA, "dấu cộng thứ hai gạch đầu dòng thứ hai khoản 2 mục V Phần thứ hai", "CA-01",
  "Cụm từ \"báo cáo ngay\" cần định lượng, ví dụ trong vòng 2 giờ kể từ khi phát hiện sự cố nghiêm trọng.",
  disp="accepted", by=L2,
  resp="Tiếp thu, sửa thành \"báo cáo trong vòng 2 giờ kể từ khi phát hiện\".")
M(DA, "gạch đầu dòng thứ nhất khoản 2 mục VII Phần thứ hai", "SNN-01",
  "Chỉ tiêu 10 sản phẩm OCOP mỗi huyện là phù hợp với huyện đồng bằng nhưng cao đối với huyện Tam Đảo; đề nghị giao theo số sản phẩm OCOP hiện có của từng huyện.")
M(DA, "phat trien kinh te so", "SCT-01",
  "Đề nghị bổ sung vào mục này nhiệm vụ xây dựng sàn thương mại điện tử của tỉnh hoặc gian hàng chung của tỉnh trên các sàn lớn.")

# ---- 28/4: the Ban Thường vụ's draft resolution on chuyển đổi số ---------------------------
at("2021-04-28T08:40:00Z")
r0 = M(NQ, "", "TTTU-01",
  "Đề nghị các đồng chí góp ý trực tiếp vào từng mục, khoản của dự thảo Nghị quyết để Văn phòng Tỉnh ủy tổng hợp trước ngày 05/5.")
M(NQ, "mục I", "BTG-01",
  "Mục I (tình hình) còn dài, nên rút gọn, tập trung vào những kết quả nổi bật và hạn chế cần khắc phục; số liệu chi tiết để trong Đề án.",
  disp="accepted", by="TTTU-01",
  resp="Tiếp thu, rút gọn mục I còn khoảng một nửa.")
M(NQ, "gạch đầu dòng thứ hai khoản 1 mục I", "TU-VP-02",
  "Đề nghị nêu cụ thể tỷ lệ hồ sơ được Trung tâm Phục vụ hành chính công tiếp nhận trực tuyến trong năm 2020.")
M(NQ, "khoản 2 mục I", "UBKT-01",
  "Phần hạn chế cần nêu rõ trách nhiệm của người đứng đầu, không chỉ nêu chung là \"ở một số nơi\".")
M(NQ, "Nguyên nhân chủ yếu là vai trò người đứng đầu ở một số nơi chưa rõ, nguồn lực đầu tư còn hạn chế.", "BTC-01",
  "Điểm c nên tách nguyên nhân chủ quan và nguyên nhân khách quan thành hai ý riêng.")
M(NQ, "điểm a khoản 1 mục II", "MTTQ-01",
  "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc và các đoàn thể trong vận động nhân dân tham gia chuyển đổi số.",
  disp="accepted", by="TTTU-01",
  resp="Tiếp thu, bổ sung vào điểm a khoản 1 mục II.")
M(NQ, "II/2/2.2", "SKHDT-01",
  "Các mục tiêu cụ thể cần thống nhất với chỉ tiêu trong Đề án của Ban cán sự đảng Ủy ban nhân dân tỉnh, nhất là chỉ tiêu kinh tế số.")
M(NQ, "gạch đầu dòng thứ ba khoản 2.2 mục II", "SKHDT-01",
  "Chỉ tiêu kinh tế số \"khoảng 15%\" nên để là chỉ tiêu phấn đấu cho đến khi có phương pháp tính thống nhất.",
  disp="escalated", by="TTTU-01",
  resp="Xin ý kiến Ban Thường vụ Tỉnh ủy cùng với chỉ tiêu tương ứng của Đề án.")
M(NQ, "dấu cộng thứ hai gạch đầu dòng thứ hai điểm b khoản 2 mục III", "SNV-01",
  "Nhất trí; đề nghị giao Sở Nội vụ hướng dẫn việc không yêu cầu người dân cung cấp lại giấy tờ đã có trong cơ sở dữ liệu.")
M(NQ, "mục IV", "TU-VP-03",
  "Đề nghị bổ sung thời hạn các cấp ủy ban hành chương trình hành động: trong 60 ngày kể từ ngày ký Nghị quyết.")
M(NQ, "", "HU-SL-01", "Nhất trí với dự thảo, đề nghị ban hành sớm.", reply=r0)


# ---- checking -----------------------------------------------------------------------------

def die(msg):
    print("make-comments.py: " + msg, file=sys.stderr)
    sys.exit(1)


def read_documents():
    docs = {}
    with open(os.path.join(HERE, "documents.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    for line in lines[1:]:
        if line:
            rec = dict(zip(header, line.split("\t")))
            docs[rec["code"]] = rec["file"]
    return docs


ARTICLE = re.compile(r"^(?:#{1,6}\s+)?Điều (\d+)\.")
CLAUSE = re.compile(r"^(\d+)\.\s")


def draft_structure(path):
    """{article number: set of clause numbers} found in a draft file."""
    arts, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = unicodedata.normalize("NFC", line.rstrip("\n"))
            m = ARTICLE.match(line)
            if m:
                cur = int(m.group(1))
                if cur in arts:
                    die("%s: Điều %d appears twice" % (path, cur))
                arts[cur] = set()
                continue
            m = CLAUSE.match(line)
            if m and cur is not None:
                arts[cur].add(int(m.group(1)))
    return arts


LABEL = re.compile(r"^Điều (\d+)(?:(?: khoản |/Khoản )(\d+))?$")
# Drafts in the đề án / Party form: their sections are named by citation, path or heading,
# which only gopy's own outline resolves (check_with_gopy).
CITED_BY_GOPY = {DA, NQ}


def check_with_gopy(data):
    """Build the demo from a copy of sample-data with this comments.csv: gopy resolves every
    section (an unknown or ambiguous one fails the whole import). Skipped, with a notice,
    when no gopy binary is found ($GOPY or ../gopy)."""
    import shutil
    import subprocess
    import tempfile
    gopy = os.environ.get("GOPY") or os.path.join(HERE, "..", "gopy")
    if not os.access(gopy, os.X_OK):
        print("sections of %s not checked: no gopy binary (build it, or set GOPY)" % ", ".join(sorted(CITED_BY_GOPY)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "sample-data")
        shutil.copytree(HERE, copy)
        with open(os.path.join(copy, "comments.csv"), "wb") as f:
            f.write(data)
        env = dict(os.environ, GOPY_SAMPLE_DATA=copy)
        p = subprocess.run([gopy, "demo", os.path.join(tmp, "demo.db"), "--build-only"], env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            die("gopy demo refuses these comments: " + p.stderr.strip())
    print("sections checked by %s" % os.path.relpath(gopy))


def check():
    docs = read_documents()
    structure = {code: draft_structure(os.path.join(HERE, fn)) for code, fn in docs.items()}
    with open(os.path.join(HERE, "delegates.csv"), encoding="utf-8", newline="") as f:
        delegates = {d["code"]: d for d in csv.DictReader(f)}
    editors = {c for c, d in delegates.items() if d["role"] in ("editor", "chair")}
    seen, prev_time = {}, ""
    for r in ROWS:
        where = r["id"]
        if r["doc"] not in structure:
            die("%s: unknown document %s" % (where, r["doc"]))
        if r["section"] and r["doc"] not in CITED_BY_GOPY:
            m = LABEL.match(r["section"])
            if not m:
                die("%s: bad section label %r" % (where, r["section"]))
            art = int(m.group(1))
            if art not in structure[r["doc"]]:
                die("%s: %s has no Điều %d" % (where, r["doc"], art))
            if m.group(2) and int(m.group(2)) not in structure[r["doc"]][art]:
                die("%s: %s Điều %d has no khoản %s" % (where, r["doc"], art, m.group(2)))
        if r["author"] not in delegates and not r["unit"]:
            die("%s: author %r is not a delegate code and has no unit" % (where, r["author"]))
        if r["author"] in delegates and r["unit"] and r["unit"] != delegates[r["author"]]["unit"]:
            die("%s: unit %r differs from %s's unit in delegates.csv" % (where, r["unit"], r["author"]))
        if r["created_at"] <= prev_time:
            die("%s: created_at does not increase" % where)
        prev_time = r["created_at"]
        if r["reply_to"]:
            parent = seen.get(r["reply_to"])
            if parent is None:
                die("%s: reply_to %s is not an earlier row" % (where, r["reply_to"]))
            if parent["doc"] != r["doc"]:
                die("%s: reply on another document than its parent" % where)
            r["_depth"] = parent["_depth"] + 1
        else:
            r["_depth"] = 0
        if r["disposition"] not in DISPOSITIONS:
            die("%s: unknown disposition %s" % (where, r["disposition"]))
        handled = r["disposition"] != "pending"
        if handled != bool(r["handled_by"]) or handled != bool(r["response"]):
            die("%s: handled rows need response and handled_by, pending rows neither" % where)
        if handled and r["handled_by"] not in editors:
            die("%s: handled_by %s is not an editor" % (where, r["handled_by"]))
        for col in COLUMNS:
            v = r[col]
            if col == "body" and r["_nfd"]:
                if unicodedata.is_normalized("NFC", v):
                    die("%s: body should be NFD" % where)
            elif not unicodedata.is_normalized("NFC", v):
                die("%s: %s is not NFC" % (where, col))
        seen[r["id"]] = r
    return delegates


def summary(delegates):
    from collections import Counter
    n = len(ROWS)
    print("comments: %d (%d roots, %d replies, %d general)" % (
        n, sum(1 for r in ROWS if not r["reply_to"]), sum(1 for r in ROWS if r["reply_to"]),
        sum(1 for r in ROWS if not r["section"])))
    print("by document: " + ", ".join("%s %d" % kv for kv in sorted(Counter(r["doc"] for r in ROWS).items())))
    print("by depth: " + ", ".join("%d: %d" % kv for kv in sorted(Counter(r["_depth"] for r in ROWS).items())))
    kids = Counter(r["reply_to"] for r in ROWS if r["reply_to"])
    top = kids.most_common(1)[0]
    print("most direct replies: %s has %d" % top)
    print("by disposition: " + ", ".join("%s %d" % (d, sum(1 for r in ROWS if r["disposition"] == d)) for d in DISPOSITIONS))
    new = sorted({(r["author"], r["unit"]) for r in ROWS if r["author"] not in delegates})
    print("authors not in delegates.csv (added on import): %d" % len(new))
    bodies = Counter(r["body"] for r in ROWS)
    dup = [b for b, k in bodies.items() if k > 1]
    print("identical bodies: %d texts used more than once" % len(dup))
    print("longest body: %d characters" % max(len(r["body"]) for r in ROWS))
    print("time span: %s .. %s" % (ROWS[0]["created_at"], ROWS[-1]["created_at"]))


def main():
    modernise()
    delegates = check()
    summary(delegates)
    out = io.StringIO(newline="")
    # The drafting team handles comments in the days after the meeting, in file order.
    handled_clock = datetime.datetime(2021, 5, 3, 8, 0, 0)
    for r in ROWS:
        if r["handled_by"]:
            r["handled_at"] = handled_clock.strftime("%Y-%m-%dT%H:%M:%SZ")
            handled_clock += datetime.timedelta(minutes=9)
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in ROWS:
        w.writerow([r[c] for c in COLUMNS])
    data = out.getvalue().encode("utf-8")
    check_with_gopy(data)
    if "--check" in sys.argv[1:]:
        return
    tmp = OUT + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, OUT)
    print("wrote %s (%d bytes)" % (os.path.relpath(OUT), len(data)))


if __name__ == "__main__":
    main()
