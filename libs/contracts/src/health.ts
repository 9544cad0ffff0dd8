export interface HealthView {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
}
