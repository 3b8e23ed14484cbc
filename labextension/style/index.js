import './base.css';
import './assessment.css';
import './journey.css';
import './viewer.css';
