export default definePageConfig({ navigationBarTitleText: '线上微课' });
