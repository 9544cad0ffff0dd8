/** The body of every 4xx/5xx answer, with `message` in the caller's language. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: { field: string; message: string }[];
}
