import type { Locale } from '@pidtrymka/contracts';

type Params = Record<string, string | number>;
type Catalogue = Record<string, (p: Params) => string>;

/** Error messages a participant or agent may see, by code. */
const uk: Catalogue = {
  bad_request: () => 'Некоректний запит.',
  validation_failed: () => 'Перевірте заповнення форми.',
  malformed_json: () => 'Тіло запиту не є коректним JSON.',
  json_too_deep: (p) => `Тіло запиту має забагато вкладених рівнів (не більше ${p.max}).`,
  invalid_characters: () => 'Запит містить недопустимі символи (наприклад, нульовий байт).',
  body_encoding_invalid: () => 'Не вдалося розпакувати тіло запиту: воно не відповідає заголовку Content-Encoding.',
  malformed_multipart: () => 'Не вдалося прочитати надіслану форму (multipart/form-data).',
  unsupported_media_type: () => 'Непідтримуваний тип вмісту запиту. Використовуйте application/json або multipart/form-data.',
  payload_too_large: (p) => `Запит завеликий (максимум ${p.limit}).`,
  not_found: () => 'Не знайдено.',
  route_not_found: () => 'Такої адреси API не існує.',
  ticket_not_found: () => 'Запит не знайдено. Перевірте ідентифікатор запиту та електронну адресу.',
  attachment_not_found: () => 'Вкладення не знайдено.',
  too_many_requests: () => 'Забагато запитів. Спробуйте знову трохи пізніше.',
  too_many_lookups: () => 'Забагато невдалих спроб знайти запит. Спробуйте знову трохи пізніше.',
  live_streams_exceeded: () => 'Забагато відкритих вкладок робочого місця. Закрийте зайві й оновіть сторінку.',
  captcha_required: () => 'Введіть число на зображенні.',
  captcha_invalid: () => 'Число на зображенні введено неправильно або його термін дії минув. Спробуйте ще раз з новим зображенням.',
  captcha_check_required: () => 'Дочекайтеся завершення автоматичної перевірки захисту від спаму.',
  captcha_check_invalid: () => 'Автоматична перевірка захисту від спаму не пройдена або її термін дії минув. Надішліть форму ще раз.',
  submission_refused: () => 'Запит не прийнято.',
  category_not_found: () => 'Обраної категорії не існує.',
  attachments_too_many: (p) => `Можна додати не більше ${p.max} вкладень.`,
  attachment_too_large: (p) => `Файл завеликий: максимальний розмір вкладення ${p.max}.`,
  attachment_extension_not_allowed: (p) => `Файл «${p.filename}» не прийнято: дозволені типи файлів ${p.allowed}.`,
  attachment_field_unexpected: (p) => `Файли приймаються лише в полі «${p.field}».`,
  attachment_name_invalid: () => 'Некоректна назва файлу.',
  attachment_content_mismatch: (p) => `Файл «${p.filename}» не прийнято: його вміст не відповідає розширенню .${p.extension}.`,
  article_not_found: () => 'Статтю не знайдено.',
  webhook_unauthorized: () => 'Невірний або відсутній секрет вебхука.',
  metrics_unauthorized: () => 'Для метрик потрібен токен (Authorization: Bearer …).',
  metrics_forbidden: () => 'Метрики доступні лише з локальної чи приватної мережі або з токеном.',
  cms_unavailable: () => 'CMS зараз недоступна; зміни буде застосовано під час наступної синхронізації.',
  service_unavailable: () => 'Сервіс тимчасово недоступний. Спробуйте знову за хвилину.',
  internal_error: () => 'Внутрішня помилка сервера. Ми вже знаємо про неї.',
  sign_in_locked: (p) => `Забагато невдалих спроб входу. Спробуйте знову через ${p.minutes} хв.`,
  sign_in_slowed: (p) => `До цього облікового запису було забагато невдалих спроб входу. Спробуйте знову через ${p.seconds} с.`,
  invalid_credentials: () => 'Неправильна електронна адреса або пароль.',
  totp_required: () => 'Введіть код з застосунку автентифікації або код відновлення.',
  totp_invalid: () => 'Код неправильний або вже використаний.',
  totp_already_enabled: () => 'Двофакторний вхід уже ввімкнено.',
  totp_not_set_up: () => 'Спочатку почніть налаштування двофакторного входу.',
  current_password_wrong: () => 'Поточний пароль неправильний.',
  password_too_short: (p) => `Пароль має містити щонайменше ${p.min} символів.`,
  staff_unauthenticated: () => 'Увійдіть до робочого простору.',
  staff_forbidden: () => 'Це може робити лише адміністратор.',
  csrf_invalid: () => 'Запит відхилено: бракує токена захисту (CSRF). Оновіть сторінку.',
  staff_not_found: () => 'Співробітника не знайдено.',
  staff_email_taken: () => 'Співробітник з такою електронною адресою вже існує.',
  staff_cannot_demote_self: () => 'Не можна вимкнути власний обліковий запис або позбавити себе прав адміністратора.',
  owner_not_found: () => 'Такого активного співробітника немає.',
  owner_cannot_see_ticket: () => 'Цей співробітник не має доступу до категорії запиту.',
  ticket_changed: () => 'Поки ви писали, у запиті з\'явилися нові повідомлення. Перегляньте їх і надішліть ще раз.',
  ticket_merged: () => 'Цей запит об\'єднано з іншим.',
  merge_into_itself: () => 'Запит не можна об\'єднати із самим собою.',
  merge_across_participants: (p) =>
    `Запити різних учасників не об'єднуються: ${p.source} належить ${p.sourceEmail}, а ${p.target} — ${p.targetEmail}. Інакше кожен побачив би листування і файли іншого.`,
  invalid_filter: (p) => `Невідоме значення фільтра: «${p.value}».`,
  invalid_cursor: () => 'Некоректна позиція сторінки.',
  canned_response_not_found: () => 'Шаблон відповіді не знайдено.',
  canned_response_not_yours: () => 'Змінювати чи видаляти шаблон відповіді може лише його автор або адміністратор.',
  quarantined_email_not_found: () => 'Такого листа в карантині немає: можливо, його вже оброблено.',
  original_email_not_found: () => 'Оригінального листа немає: це повідомлення надійшло не електронною поштою.',
  failed_email_not_found: () => 'Такого невідправленого листа немає: можливо, його вже надіслано повторно.',
  kept_email_not_found: () => 'Такого збереженого листа немає: можливо, його вже оброблено.',
  held_email_not_found: () => 'Такого затриманого листа немає: можливо, його вже надіслано.',
};

const en: Catalogue = {
  bad_request: () => 'Bad request.',
  validation_failed: () => 'Please check the form.',
  malformed_json: () => 'The request body is not valid JSON.',
  json_too_deep: (p) => `The request body is nested too deeply (at most ${p.max} levels).`,
  invalid_characters: () => 'The request contains characters that are not allowed (such as a NUL byte).',
  body_encoding_invalid: () => 'The request body could not be decompressed: it does not match its Content-Encoding header.',
  malformed_multipart: () => 'The submitted form (multipart/form-data) could not be read.',
  unsupported_media_type: () => 'Unsupported content type. Use application/json or multipart/form-data.',
  payload_too_large: (p) => `The request is too large (at most ${p.limit}).`,
  not_found: () => 'Not found.',
  route_not_found: () => 'There is no such API address.',
  ticket_not_found: () => 'Request not found. Check the tracking ID and the e-mail address.',
  attachment_not_found: () => 'Attachment not found.',
  too_many_requests: () => 'Too many requests. Please try again a little later.',
  too_many_lookups: () => 'Too many failed attempts to find a request. Please try again a little later.',
  live_streams_exceeded: () => 'Too many workspace tabs are open. Close some and reload the page.',
  captcha_required: () => 'Enter the number shown in the picture.',
  captcha_invalid: () => 'The number from the picture is wrong or has expired. Please try again with a new picture.',
  captcha_check_required: () => 'Wait until the automatic anti-spam check has finished.',
  captcha_check_invalid: () => 'The automatic anti-spam check failed or has expired. Please send the form again.',
  submission_refused: () => 'The request was not accepted.',
  category_not_found: () => 'The chosen category does not exist.',
  attachments_too_many: (p) => `You can attach at most ${p.max} files.`,
  attachment_too_large: (p) => `The file is too large: an attachment may be at most ${p.max}.`,
  attachment_extension_not_allowed: (p) => `The file "${p.filename}" was not accepted: allowed file types are ${p.allowed}.`,
  attachment_field_unexpected: (p) => `Files are accepted only in the field "${p.field}".`,
  attachment_name_invalid: () => 'Invalid file name.',
  attachment_content_mismatch: (p) => `The file "${p.filename}" was not accepted: its content does not match the extension .${p.extension}.`,
  article_not_found: () => 'Article not found.',
  webhook_unauthorized: () => 'Missing or wrong webhook secret.',
  metrics_unauthorized: () => 'Metrics need the token (Authorization: Bearer …).',
  metrics_forbidden: () => 'Metrics are served only to a local or private network, or with the token.',
  cms_unavailable: () => 'The CMS cannot be reached now; the change will be applied by the next resync.',
  service_unavailable: () => 'The service is temporarily unavailable. Please try again in a minute.',
  internal_error: () => 'Internal server error. We have been notified.',
  sign_in_locked: (p) => `Too many failed sign-in attempts. Please try again in ${p.minutes} min.`,
  sign_in_slowed: (p) => `There have been too many failed sign-ins to this account. Please try again in ${p.seconds} s.`,
  invalid_credentials: () => 'Wrong e-mail address or password.',
  totp_required: () => 'Enter the code from your authenticator app or a recovery code.',
  totp_invalid: () => 'The code is wrong or has already been used.',
  totp_already_enabled: () => 'Two-factor sign-in is already on.',
  totp_not_set_up: () => 'Start the two-factor sign-in setup first.',
  current_password_wrong: () => 'The current password is wrong.',
  password_too_short: (p) => `The password must be at least ${p.min} characters long.`,
  staff_unauthenticated: () => 'Please sign in to the workspace.',
  staff_forbidden: () => 'Only an administrator can do this.',
  csrf_invalid: () => 'Request refused: the security (CSRF) token is missing. Reload the page.',
  staff_not_found: () => 'Staff member not found.',
  staff_email_taken: () => 'A staff member with this e-mail address already exists.',
  staff_cannot_demote_self: () => 'You cannot deactivate your own account or remove your own admin role.',
  owner_not_found: () => 'There is no such active staff member.',
  owner_cannot_see_ticket: () => 'This staff member has no access to the request\'s category.',
  ticket_changed: () => 'New messages arrived while you were writing. Read them and send again.',
  ticket_merged: () => 'This request was merged into another one.',
  merge_into_itself: () => 'A request cannot be merged into itself.',
  merge_across_participants: (p) =>
    `Requests of different participants are never merged: ${p.source} belongs to ${p.sourceEmail} and ${p.target} to ${p.targetEmail}. Each would otherwise see the other's messages and files.`,
  invalid_filter: (p) => `Unknown filter value: "${p.value}".`,
  invalid_cursor: () => 'Invalid page position.',
  canned_response_not_found: () => 'Canned response not found.',
  canned_response_not_yours: () => 'Only its author or an admin may change or delete a canned response.',
  quarantined_email_not_found: () => 'There is no such e-mail in quarantine: it may have been processed already.',
  original_email_not_found: () => 'There is no original e-mail: this message did not come by e-mail.',
  failed_email_not_found: () => 'There is no such failed e-mail: it may have been retried already.',
  kept_email_not_found: () => 'There is no such kept e-mail: it may have been processed already.',
  held_email_not_found: () => 'There is no such held e-mail: it may have been sent already.',
};

const catalogues: Record<Locale, Catalogue> = { uk, en };

export function translate(locale: Locale, code: string, params: Params = {}): string {
  const message = catalogues[locale][code] ?? catalogues[locale].bad_request;
  return message(params);
}

export function hasMessage(code: string): boolean {
  return code in uk;
}

const fieldLabels: Record<Locale, Record<string, string>> = {
  uk: { name: 'Ім\'я', email: 'Ел. адреса', subject: 'Тема', message: 'Повідомлення', categoryId: 'Категорія', captchaId: 'Зображення', captchaAnswer: 'Число на зображенні' },
  en: { name: 'Name', email: 'E-mail', subject: 'Subject', message: 'Message', categoryId: 'Category', captchaId: 'Picture', captchaAnswer: 'Number in the picture' },
};

/** One message per failed class-validator constraint, naming the field and the limit. */
const constraintMessages: Record<Locale, Record<string, (field: string, p: Params) => string>> = {
  uk: {
    isDefined: (f) => `Поле «${f}» обов'язкове.`,
    isNotEmpty: (f) => `Поле «${f}» обов'язкове.`,
    isString: (f) => `Поле «${f}» має бути текстом.`,
    isEmail: (f) => `Поле «${f}» має містити коректну електронну адресу.`,
    maxLength: (f, p) => `Поле «${f}» може містити не більше ${p.max} символів.`,
    isInt: (f) => `Поле «${f}» має бути цілим числом.`,
    min: (f, p) => `Поле «${f}» має бути не менше ${p.min}.`,
    max: (f, p) => `Поле «${f}» має бути не більше ${p.max}.`,
    isCalendarDateTime: (f) => `Поле «${f}» має містити справжню дату (РРРР-ММ-ДД, за потреби з часом), наприклад 2026-02-28.`,
    singleLine: (f) => `Поле «${f}» не може містити переведення рядка.`,
    noControlCharacters: (f) => `Поле «${f}» містить недопустимі символи.`,
    whitelistValidation: (f) => `Невідоме поле «${f}».`,
  },
  en: {
    isDefined: (f) => `"${f}" is required.`,
    isNotEmpty: (f) => `"${f}" is required.`,
    isString: (f) => `"${f}" must be text.`,
    isEmail: (f) => `"${f}" must be a valid e-mail address.`,
    maxLength: (f, p) => `"${f}" may be at most ${p.max} characters long.`,
    isInt: (f) => `"${f}" must be a whole number.`,
    min: (f, p) => `"${f}" must be at least ${p.min}.`,
    max: (f, p) => `"${f}" must be at most ${p.max}.`,
    isCalendarDateTime: (f) => `"${f}" must be a real date (YYYY-MM-DD, with a time if needed), e.g. 2026-02-28.`,
    singleLine: (f) => `"${f}" cannot contain line breaks.`,
    noControlCharacters: (f) => `"${f}" contains characters that are not allowed.`,
    whitelistValidation: (f) => `Unknown field "${f}".`,
  },
};

export function translateConstraint(locale: Locale, field: string, constraint: string, params: Params): string {
  const label = fieldLabels[locale][field] ?? field;
  const message = constraintMessages[locale][constraint];
  return message ? message(label, params) : translate(locale, 'validation_failed');
}
