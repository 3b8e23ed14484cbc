import './base.css';
import './assessment.css';
import './viewer.css';
