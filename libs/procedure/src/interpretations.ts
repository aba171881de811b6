/**
 * What the code decides where procedure.md (the domain reference) is silent: each entry is listed in
 * docs/procedure.md (generated), with the rule or section it interprets. Pure data.
 */
export interface CodeInterpretation {
  /** The rule id or section of procedure.md it reads. */
  about: string;
  vi: string;
  en: string;
}

export const CODE_INTERPRETATIONS: readonly CodeInterpretation[] = [
  {
    about: 'PROC-DEADLINES, I-7 (editions)',
    vi: 'Mức rút ngắn thời hạn của tổ chức ghi theo từng thời hạn và từng phiên bản quy định; chỉ được lưu cho phiên bản có hiệu lực vào ngày bắt đầu áp dụng thiết lập, và chỉ áp dụng cho thời hạn bắt đầu trong phiên bản đó.',
    en: 'A local tightening names one timer and one edition; it may be saved only for the edition in force on the setting’s start date, and applies only to timers started under that edition.',
  },
  {
    about: 'I-7 (which timers)',
    vi: 'Địa phương được rút ngắn các thời hạn phải làm và thời hạn hiệu lực; không rút ngắn thời gian dự bị (Điều lệ) và thời hạn khiếu nại (quyền của đương sự).',
    en: 'Deadline and validity timers may be tightened locally; the probation (Charter) and the complaint window (the person’s right) may not.',
  },
  {
    about: '§7 Recognition decision, edition 2021-07',
    vi: 'Phiên bản 2021-07: quyết định công nhận 30 ngày làm việc, gia hạn tối đa 30 ngày làm việc. Câu chữ lấy từ QĐ 29-QĐ/TW §4.3.1 ("trường hợp đặc biệt, có thể gia hạn tối đa 30 ngày làm việc"), QĐ 232 §4.3.1 mở đầu giống hệt; chưa tìm được toàn văn QĐ 24 §4.3.',
    en: 'Edition 2021-07: recognition decision 30 wd, extension up to 30 wd. Wording from QĐ 29-QĐ/TW §4.3.1 ("trường hợp đặc biệt, có thể gia hạn tối đa 30 ngày làm việc"); QĐ 232 §4.3.1 opens with the same words; the full text of QĐ 24 §4.3 was not retrieved.',
  },
  {
    about: '§7 Complaint resolution (QĐ294 §8.2.2)',
    vi: 'Cấp giải quyết ghi cùng đơn khiếu nại: provincial (tỉnh ủy và tương đương) hoặc upperCommittee (cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng): 90 ngày làm việc; central (cấp Trung ương): 180 ngày làm việc.',
    en: 'The resolving level is recorded with the complaint: provincial or upperCommittee (direct upper committee of a base organisation): 90 wd; central: 180 wd.',
  },
  {
    about: '§3 Exits, HD06 §4.6 (removal during probation)',
    vi: 'Xóa tên trong thời gian dự bị theo cùng đường biểu quyết như khi hết dự bị (chi bộ ≥ 2/3, đảng ủy cơ sở ≥ 2/3, cấp có thẩm quyền > 1/2). HD06 §4.6 (thủ tục xóa tên đảng viên dự bị vi phạm tư cách) chỉ nêu các biểu quyết, không đòi bản tự kiểm điểm, nhận xét của đảng viên giúp đỡ hay tổng hợp ý kiến (HD06 §4.2-4.4, hồ sơ công nhận): biểu quyết xóa tên của chi bộ trước ngày hết dự bị không bị COND-RECOGNITION-DOSSIER chặn; quyết định xóa tên vẫn cần nghị quyết chi bộ và đảng ủy cơ sở. Xét khi đã hết 12 tháng (xét công nhận, có thể biểu quyết xóa tên) vẫn cần nhận xét và tổng hợp ý kiến. Quyết định xóa tên hủy mốc hết dự bị.',
    en: 'A removal during probation follows the same votes as one at the end of probation (cell ≥ 2/3, base committee ≥ 2/3, COMPETENT > 1/2). HD06 §4.6 (removal of a probationary member who breaches membership standing) names only the votes, not the self-review, the helper’s assessment or the consolidated opinions (HD06 §4.2-4.4, the recognition file): a cell removal vote dated before the probation end is not blocked by COND-RECOGNITION-DOSSIER; the removal decision still needs the cell and base resolutions. The review once the 12 months are over (recognition, where the cell may vote to remove) still needs the assessment and opinions. The removal decision cancels the probation-end timer.',
  },
  {
    about: '§3 Exits (terminal stages)',
    vi: 'Hồ sơ đóng khi đến một giai đoạn kết thúc: đảng viên chính thức, không kết nạp, rút đơn, đưa ra khỏi danh sách cảm tình, hủy quyết định, đã xóa tên (hết thời hạn khiếu nại hoặc khiếu nại bị bác); ngày đóng là ngày của việc đó (hết hạn khiếu nại: ngày hết hạn).',
    en: 'A case closes on reaching a terminal stage: full member, not admitted, withdrawn, removed from the sympathiser list, cancelled, removed (complaint window over or complaint rejected); closedOn is the date of that act (for the window: its due date).',
  },
  {
    about: '§6.5, QĐ294 §4.4 (after the end)',
    vi: 'Hồ sơ đảng viên chính thức đã đóng chỉ nhận việc hủy quyết định sai (decision.cancelled). Sai tiêu chuẩn: hủy, xóa tên (đóng lại, kết quả cancelled). Sai thủ tục: mở lại hồ sơ tại bước làm lại; với công nhận sai có thể làm lại từ nghị quyết chi bộ, nghị quyết đảng ủy cơ sở hoặc quyết định công nhận; không đặt lại thời hạn cho bước làm lại (văn bản không quy định).',
    en: 'A closed full-member case takes only the cancellation of a wrongful decision. A criterion not met: cancelled, name removed (closed again, outcome cancelled). A procedural fault: the case reopens at the redo point; a wrongful recognition may be redone from the cell resolution, the base resolution or the decision; no timer is set for the redo (the texts set none).',
  },
  {
    about: 'Repair of stored data (issue 16)',
    vi: 'Thiết lập cũ timerLimits được gắn phiên bản 2025-07 (phiên bản có hiệu lực khi sửa); giá trị không ngắn hơn quy định chung bị bỏ. Hạn đang mở được tính lại theo phiên bản của ngày bắt đầu và thiết lập có hiệu lực vào ngày đó; hạn đã đóng giữ nguyên việc đã ghi, vi phạm thời hạn đóng khi việc đó không sau hạn đã sửa; hạn đã báo quá hạn giữ việc báo, vi phạm đóng nếu hạn đã sửa chưa qua (kiểm tra lại sẽ mở lại nếu vẫn chưa làm). Hạn cũ không ghi biến thể: độ dài lưu lớn hơn độ dài mặc định thì là biến thể (ở nước ngoài, cấp Trung ương). Hồ sơ kẹt ở removed.closed được đóng vào ngày của sự kiện cuối.',
    en: 'Stored timerLimits are tagged with edition 2025-07 (in force when repaired); values not shorter than the central length are dropped. Open deadlines are recomputed with the edition of their start date and the settings in force then; closed deadlines keep the recorded act, and their deadline violation closes when the act is not after the corrected date; a deadline already fired keeps its firing, and its overdue violation closes while the corrected date has not passed (the re-audit opens it again if the act never comes). Old deadlines without a stored variant: a stored length above the default is the variant (abroad, central level). Cases stuck in removed.closed are closed on the date of their last event.',
  },
  // H6 (issue 16: PROC-DATES, refusals that explain, law items).
  {
    about: 'PROC-DATES, I-12 (which dates)',
    vi: 'Mọi ngày trong nội dung sự kiện (kể cả ngày trong biểu quyết, ngày nhận kèm theo) không được sau ngày hôm nay (giờ Việt Nam, do ứng dụng truyền vào); thứ tự kiểm tra: đồng ý lập hồ sơ trước đơn (đơn đã có thì không ghi đồng ý đề ngày sau đơn), đồng ý lập hồ sơ sau khi có giấy chứng nhận lớp nhận thức, yêu cầu thẩm tra sau khi khai lý lịch, trả lời sau khi gửi yêu cầu, chứng nhận lý lịch sau trả lời cuối cùng, mọi thư/nghị quyết giới thiệu, ý kiến, chứng nhận lý lịch, đơn, giấy chứng nhận không sau ngày họp chi bộ, nhận quyết định sau ngày ký, lễ kết nạp sau ngày nhận và ngày ký, các bước dự bị sau lễ, hủy quyết định sau ngày ký, ý kiến cấp trên trước ngày hủy. Sự kiện của hệ thống (deadline.fired) và nhập hồ sơ cũ (case.imported) không kiểm tra.',
    en: 'Every date of a payload (a vote’s, a receipt sent along) may not be after today (Vietnam local date, passed in by the application). Order checked: consent to compile before the application (once an application is on file, no consent dated after it), consent after the awareness certificate, a verification request after the declaration, an answer after its request, the certification after the last answer, every introduction letter/resolution, the opinions, certification, application and certificate on or before the cell meeting, a receipt after the signing, the ceremony after the receipt and the signing, probation acts after the ceremony, a cancellation after the decision, the higher consent on or before the cancellation. The engine’s own timer events and imported history are not checked.',
  },
  {
    about: 'PROC-ORDER vs the rules (refusals that explain)',
    vi: 'Chi bộ biểu quyết kết nạp được ghi từ giai đoạn lập hồ sơ: các quy tắc của bước biểu quyết được xét tại ngày họp (I-11), nên từ chối nêu đúng quy tắc chưa đạt (COND-INTRODUCERS, COND-OPINIONS, COND-ADMISSION-DOSSIER...) thay vì "không thực hiện được ở giai đoạn hiện tại"; người giới thiệu đủ hay chưa tính tại ngày họp, không tại ngày thư cuối cùng.',
    en: 'The cell’s admission vote may be recorded from the dossier stage: the vote’s rules are judged on the meeting date (I-11), so a refusal names the unmet rules (COND-INTRODUCERS, COND-OPINIONS, COND-ADMISSION-DOSSIER...) instead of "not possible at the current stage"; whether the introductions are complete is measured on the meeting date, not on the last letter’s date.',
  },
  {
    about: 'COND-READMISSION (QĐ294 §3.5.1b)',
    vi: 'Người bị án hình sự về tội ít nghiêm trọng: chỉ tính 60 tháng từ ngày xoá án tích (variant.readmission.expungedOn), thay cho 36 tháng từ khi ra khỏi Đảng ("riêng ..."); thiếu ngày xoá án tích thì quy tắc báo thiếu.',
    en: 'After a conviction for a less serious offence only the 60 months from the expungement count (variant.readmission.expungedOn), instead of the 36 months from leaving ("riêng ..."); without the expungement date the rule reports it missing.',
  },
  {
    about: 'PROC-CELL-VOTE, PROC-BASE-VOTE (attendees, QĐ294 §9.3.2-9.3.3)',
    vi: 'Biên bản ghi danh sách người có mặt thuộc diện chỉ tính khi có mặt (vote.attendeeIds: đảng viên miễn sinh hoạt có mặt, biểu quyết; cấp ủy viên chuyển sinh hoạt tạm thời có mặt); danh sách đảng viên tính họ vào số được biểu quyết.',
    en: 'The minutes list those counted only when present (vote.attendeeIds: exempted members who attended and voted; committee members on temporary transfer who attended); the roster counts them in the denominator.',
  },
  {
    about: 'PROC-BASE-VOTE, PROC-COMPETENT-VOTE (committee membership)',
    vi: 'Như với chi bộ, nơi biết danh sách cấp ủy, hệ thống tính số được biểu quyết theo danh sách tại ngày họp (vote.meetingDate) và so với số trong biên bản: chênh lệch bị từ chối nêu cả hai số, trừ khi ghi lý do (khi đó được ghi nhận và đánh dấu). Danh sách: sinh hoạt có vai trò committeeMember/standingMember; đảng ủy cơ sở là tổ chức cấp trên gần nhất loại baseCommittee, tính số đương nhiệm theo QĐ294 §9.3.3 (trừ chuyển sinh hoạt tạm thời vắng mặt, đình chỉ, khởi tố, truy tố, tạm giam); ban thường vụ cấp có thẩm quyền cũng tính số đương nhiệm; đảng ủy cơ sở được ủy quyền tính tổng số cấp ủy viên khi kết nạp, công nhận (HD06 §3.7a) và số đương nhiệm khi xóa tên (HD06 §4.6d). Cấp ủy chưa có ai trong danh sách tại ngày đó thì số trong biên bản được dùng.',
    en: 'As for the cell, where the committee roster is known the engine computes the roster’s figure for the meeting date (vote.meetingDate) and compares it with the minutes: a mismatch is refused naming both numbers unless a reason is recorded (then accepted and flagged). Roster: memberships with role committeeMember/standingMember; the base committee is the nearest ancestor of kind baseCommittee and counts its sitting members under QĐ294 §9.3.3 (minus absent temporary transfers, the suspended, prosecuted or detained); a competent standing committee also counts its sitting members; a delegated base committee counts its total members to admit or recognise (HD06 §3.7a) and its sitting members to remove (HD06 §4.6d). A committee with nobody on its roster on that date leaves the minutes’ figure standing.',
  },
  {
    about: 'COND-BACKGROUND (HD06 §3.4c, §5.4a)',
    vi: 'Miễn thẩm tra riêng khi gia đình sinh sống cùng xã từ đời ông, bà nội: ghi cùng chứng nhận lý lịch (familyResidence: cấp ủy xác nhận, ngày xác nhận), thay cho các yêu cầu thẩm tra; yêu cầu đã gửi vẫn phải có trả lời. Làm lại hồ sơ quá 12 tháng giữ chứng nhận lý lịch, trừ khi ghi "có thay đổi" (backgroundChanged): khi đó phải chứng nhận lại sau ngày làm lại.',
    en: 'The same-commune exemption is recorded with the certification (familyResidence: who confirmed, when) instead of verification requests; requests already sent still need their answers. A dossier renewal keeps the certification unless it records a change (backgroundChanged): then the declaration is certified again after the renewal.',
  },
  {
    about: 'Candidate facts and case variant',
    vi: 'Thuộc tính người vào Đảng (candidate) và trường hợp đặc biệt (variant) được khai báo một lần trong libs/procedure (CANDIDATE_FACTS, CASE_VARIANT_FACTS, kèm quy tắc đọc chúng); khóa không khai báo bị từ chối 400 nêu tên khóa.',
    en: 'Candidate facts and the case variant are declared once in libs/procedure (CANDIDATE_FACTS, CASE_VARIANT_FACTS, with the rules that read them); an undeclared key is refused with 400 naming it.',
  },
  {
    about: 'PROC-DEADLINES (act date vs recording date)',
    vi: 'Trễ hạn hay không xét theo ngày của việc (ngày trả lời, ngày ký...), không theo ngày nhập vào hệ thống: việc ghi sau khi thời hạn đã báo quá hạn nhưng có ngày không sau hạn thì đúng hạn và vi phạm quá hạn được đóng.',
    en: 'Lateness is judged on the act’s own date (answer date, signing date...), not the day it was typed in: an act recorded after its deadline fired but dated on or before the limit is on time, and the overdue violation closes.',
  },
  {
    about: 'PROC-DEADLINES, PROC-CEREMONY-CONSENT (the cure)',
    vi: 'Ý kiến đồng ý của cấp ủy cấp trên cho lễ kết nạp muộn, ghi trước hay sau lễ, đóng cả vi phạm thời hạn lễ kết nạp và vi phạm thiếu ý kiến đồng ý; khi lễ chưa tổ chức mà đã quá hạn, ý kiến đồng ý cũng đóng cả hai.',
    en: 'The upper committee’s consent to a late ceremony, recorded before or after it, closes both the ceremony’s deadline violation and the consent violation; for an overdue ceremony not yet held, the consent closes both too.',
  },
  {
    about: 'PROC-DEADLINES (extensions recorded before this rule)',
    vi: 'Gia hạn ghi trước khi hệ thống lưu ngày ghi và lý do (bản ghi cũ không có các trường này) vẫn được tính; gia hạn mới phải ghi không muộn hơn hạn gốc, có lý do.',
    en: 'Extensions recorded before the engine kept their recording date and reason (old records lack them) still count; new ones must be recorded by the base due date, with a reason.',
  },
];
